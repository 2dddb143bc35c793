import Foundation
import FuzzSupport
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting

/// One MASV call whose answer the fuzzer replaces: which request, with which credential, and the call to make.
private struct Scenario: Sendable {
    var matches: @Sendable (HTTPRequest) -> Bool
    var signsIn = false
    var run: @Sendable (MASVClient, Emulator) async throws -> Void
}

/// A small file to upload in several chunks (the emulators' chunks are 16 to 1024 bytes).
private let uploadFile: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("scopedauth-fuzz-masv-\(getpid()).bin")
    try? Data((0..<40).map { UInt8($0) }).write(to: url)
    return url
}()

private func package(_ client: MASVClient, _ emulator: Emulator) async throws -> PackageHandle<ManagementAccess> {
    try await client.packages.create(team: emulator.masv.seededTeamID, name: "fuzz")
}

private func upload(_ client: MASVClient, _ emulator: Emulator) async throws -> PackageHandle<ManagementAccess> {
    try await client.packages.upload([uploadFile], team: emulator.masv.seededTeamID, name: "fuzz").value
}

/// The storage host of every emulator (origins are fixed).
private let storageHost = EmulatorOrigins.production.masvStorage.host

private let scenarios: [Scenario] = [
    // POST /v1/auth: the user sign-in (token, teams).
    Scenario(matches: route(.post, "v1/auth"), signsIn: true) { client, _ in _ = try await client.teams() },
    // Package JSON from create, get, details, expiry and finalize.
    Scenario(matches: route(.post, "teams/*/packages")) { _ = try await package($0, $1) },
    Scenario(matches: route(.get, "teams/*/packages/*")) { client, emulator in
        let created = try await package(client, emulator)
        _ = try await client.packages.get(created.id, team: emulator.masv.seededTeamID)
    },
    Scenario(matches: route(.get, "v1/packages/*")) { _ = try await package($0, $1).details() },
    Scenario(matches: route(.put, "packages/*/expiry")) {
        _ = try await package($0, $1).updateExpiry(.at(Date(timeIntervalSince1970: 2_000_000_000)))
    },
    // File list and download URL of a finalized package.
    Scenario(matches: route(.get, "packages/*/files")) { _ = try await package($0, $1).files() },
    Scenario(matches: route(.get, "files/*/download")) { client, emulator in
        let uploaded = try await upload(client, emulator)
        let link = try await uploaded.createLink()
        let download = try await client.links.open(id: link.id, secret: link.secret)
        for file in try await download.files() { _ = try await download.downloadURL(for: file) }
    },
    // Links: created, then redeemed.
    Scenario(matches: route(.post, "packages/*/links")) { _ = try await package($0, $1).createLink() },
    Scenario(matches: route(.get, "v1/links/*")) { client, emulator in
        let uploaded = try await upload(client, emulator)
        let link = try await uploaded.createLink()
        _ = try await client.links.open(id: link.id, secret: link.secret)
    },
    // Transfers: started, listed, read, retried, cancelled.
    Scenario(matches: route(.post, "packages/*/transfer")) { client, emulator in
        let uploaded = try await upload(client, emulator)
        _ = try await uploaded.startTransfer(toCloudConnection: emulator.masv.seededCloudConnectionID)
    },
    Scenario(matches: route(.get, "packages/*/transfer")) { _ = try await package($0, $1).transfers() },
    Scenario(matches: route(.get, "v1/transfers/*")) { client, emulator in
        let uploaded = try await upload(client, emulator)
        let transfer = try await uploaded.startTransfer(toCloudConnection: emulator.masv.seededCloudConnectionID)
        _ = try await transfer.status()
        _ = try await transfer.cancel()
    },
    // The upload: added file (chunk limits, create blueprint), storage XML UploadId, chunk blueprints, finalize.
    Scenario(matches: route(.post, "packages/*/files")) {
        _ = try await upload($0, $1)
    },
    Scenario(matches: { $0.url.host == storageHost && $0.method == .post }) {
        _ = try await upload($0, $1)
    },
    Scenario(matches: route(.post, "packages/*/files/*")) {
        _ = try await upload($0, $1)
    },
    Scenario(matches: route(.post, "packages/*/finalize")) {
        _ = try await upload($0, $1)
    },
    // Portals: subdomain lookup and package creation.
    Scenario(matches: route(.get, "subdomains/portals/*")) {
        _ = try await $0.portals.resolve(subdomain: $1.masv.seededPortalSubdomain)
    },
    Scenario(matches: route(.post, "portals/*/packages")) {
        _ = try await $0.portals.upload([uploadFile], portal: $1.masv.seededPortalID, name: "fuzz",
                                         sender: "fuzz@example.com").value
    },
]

/// libFuzzer entry point: a MASV answer of any status and body yields a value or an `AuthError`, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMASV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let fuzzCase = FuzzCase(start, count, scenarios: scenarios.count)
    let scenario = scenarios[fuzzCase.scenario]
    runToCompletion {
        let emulator = freshEmulator()
        let client = MASVClient(
            credential: scenario.signsIn ? .user(emulator.masv.seededUser) : .apiKey(emulator.masv.seededAPIKey),
            baseURL: emulator.origins.masv,
            transport: FuzzTransport(emulator.transport, fuzzCase, matches: scenario.matches),
            clock: emulator.clock, retryPolicy: .none)
        await expectTyped { try await scenario.run(client, emulator) }
        await client.shutdown()
    }
    return 0
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzMASV`.
@_cdecl("FuzzMASV_main")
public func fuzzMASVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzMASV)
}
