// Suite 5: a 256 MiB file uploaded with `MASVClient` (`client.packages.upload`, 8 MiB chunks, 4 in parallel) to
// the emulator's MASV API and storage origin through `emulator.transport`, versus the same lifecycle written by
// hand with raw requests through the same transport: create the package, add the file, create the multipart
// upload, get every chunk URL, PUT the same 8 MiB chunks 4 at a time (each read with one `pread`), finalize the
// file and the package. One iteration is one whole upload to a fresh emulator.
//
// The emulator keeps every uploaded byte in memory (the stored parts, shared with its request log, and the
// finalized file's contents), so both benchmarks' peak resident memory includes ~2 × 256 MiB that is not the
// client's; the client's own share is its peak minus the reference's peak, plus the reference's own chunks.
import Benchmark
import BenchmarkSupport
import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting

/// Bytes uploaded per iteration (the same in CI mode: fewer iterations instead, see the configuration).
let fileSize = 256 * 1024 * 1024
let chunkSize = 8 * 1024 * 1024
let parallelism = 4
let bytesPerSecond = BenchmarkMetric.custom("bytes per second", polarity: .prefersLarger, useScalingFactor: false)
/// Requests the emulator's MASV API and storage origin received for one upload: deterministic (no retries happen).
let requestsPerUpload = BenchmarkMetric.custom("requests per upload", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [
            .wallClock, .cpuTotal, bytesPerSecond, .peakMemoryResident, .peakMemoryResidentDelta, .mallocCountTotal,
            requestsPerUpload,
        ],
        timeUnits: .milliseconds,
        // An iteration moves 256 MiB through the emulator (~4–8 s here): CI runs one, the full mode a warm-up and ten.
        warmupIterations: isCIMode ? 0 : 1,
        maxDuration: isCIMode ? .seconds(1) : .seconds(180),
        maxIterations: isCIMode ? 1 : 10
    )
    Benchmark(
        "direct: raw requests, chunks PUT to presigned URLs (reference)", configuration: configuration,
        closure: { benchmark in
            try await measureUpload(benchmark) { emulator, file in try await DirectUpload(emulator: emulator).run(file) }
        }, setup: { _ = try UploadFile.shared.url }
    )
    Benchmark(
        "client: MASVClient.packages.upload", configuration: configuration,
        closure: { benchmark in
            try await measureUpload(benchmark) { emulator, file in
                let client = MASVClient(
                    credential: .apiKey(emulator.masv.seededAPIKey), baseURL: emulator.origins.masv,
                    transport: emulator.transport, clock: emulator.clock)
                let upload = client.packages.upload(
                    [file], team: emulator.masv.seededTeamID, name: "benchmark",
                    options: UploadOptions(chunkSize: chunkSize, parallelism: parallelism))
                _ = try await upload.value
            }
        }, setup: { _ = try UploadFile.shared.url }
    )
}

/// Times one upload of the file to a fresh emulator and records its throughput; checks the stored file's size.
nonisolated func measureUpload(
    _ benchmark: Benchmark, _ upload: (Emulator, URL) async throws -> Void
) async throws {
    let file = try UploadFile.shared.url
    let emulator = Emulator(
        clock: SystemAuthClock(),
        masvConfiguration: MASVConfiguration(minChunkSize: chunkSize, maxChunkSize: chunkSize))
    let start = ContinuousClock.now
    benchmark.startMeasurement()
    try await upload(emulator, file)
    benchmark.stopMeasurement()
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    benchmark.measurement(bytesPerSecond, Int(Double(fileSize) / seconds))
    benchmark.measurement(
        requestsPerUpload, emulator.counters.requests(.masv) + emulator.counters.requests(.masvStorage))
    let stored = emulator.masv.packageIDs.flatMap { package in
        emulator.masv.fileIDs(packageID: package).compactMap { emulator.masv.fileContents(packageID: package, fileID: $0) }
    }
    guard stored.count == 1, stored[0].count == fileSize else {
        benchmark.error("the emulator did not store one file of \(fileSize) bytes")
        return
    }
}

/// The file every benchmark uploads: `fileSize` pseudo-random bytes in the temporary directory, written once per
/// process (each benchmark runs in its own process) and removed when the process exits.
final class UploadFile: Sendable {
    static let shared = UploadFile()
    private let result: Result<URL, any Error>

    var url: URL { get throws { try result.get() } }

    /// Where the file lives: the temporary directory, named after this process.
    static let location = FileManager.default.temporaryDirectory
        .appendingPathComponent("scopedauth-benchmark-\(ProcessInfo.processInfo.processIdentifier).bin")

    private init() {
        let url = Self.location
        result = Result {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            // SplitMix64: incompressible bytes without a `getrandom` call per word.
            var state: UInt64 = 0x5CA1_AB1E
            var block = [UInt64](repeating: 0, count: 1024 * 1024 / 8)
            for _ in 0..<(fileSize / (block.count * 8)) {
                for index in block.indices {
                    state &+= 0x9E37_79B9_7F4A_7C15
                    var word = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    word = (word ^ (word >> 27)) &* 0x94D0_49BB_1331_11EB
                    block[index] = word ^ (word >> 31)
                }
                try block.withUnsafeBytes { try handle.write(contentsOf: $0) }
            }
            // On disk before any measurement: no writeback of 256 MiB of dirty pages during the first iterations.
            try handle.synchronize()
            atexit { try? FileManager.default.removeItem(at: UploadFile.location) }
            return url
        }
    }
}
