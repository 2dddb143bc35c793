import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting

/// A password no description, error or event may ever show.
let sentinelPassword = "SENTINEL-masv-5b1e-never-print-me"

/// An emulator with small MASV chunks (1 KiB to 64 KiB), so small temp files upload in several chunks.
func makeEmulator(clock: ManualClock = ManualClock()) -> Emulator {
    Emulator(clock: clock, masvConfiguration: MASVConfiguration(minChunkSize: 1024, maxChunkSize: 64 * 1024))
}

/// A client on the emulator's transport, clock and MASV origin.
func makeClient(_ emulator: Emulator, credential: MASVCredential? = nil, clock: ManualClock) -> MASVClient {
    MASVClient(
        credential: credential ?? .apiKey(emulator.masv.seededAPIKey), baseURL: emulator.origins.masv,
        transport: emulator.transport, clock: clock
    )
}

/// Deterministic, non-repeating bytes.
func sampleBytes(_ count: Int, seed: UInt64 = 1) -> Data {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    return Data((0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    })
}

/// A fresh temporary folder, removed by the caller.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("masv-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `data` to `name` inside `folder` (creating subfolders).
@discardableResult
func write(_ data: Data, to name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url)
    return url
}

/// Every header name sent to MASV API paths starting with `prefix`, per request.
func headerNames(_ emulator: Emulator, pathPrefix prefix: String) -> [Set<String>] {
    emulator.requests(to: .masv).filter { $0.url.path.hasPrefix(prefix) }.map { Set($0.headers.map { $0.name.lowercased() }) }
}
