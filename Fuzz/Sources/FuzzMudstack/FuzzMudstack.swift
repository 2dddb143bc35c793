import Foundation
import FuzzSupport
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting

/// One Mudstack call whose answer the fuzzer replaces, recognised by the end of its path.
private struct Scenario: Sendable {
    var pathSuffix: String
    var method: HTTPMethod = .get
    var exact = false
    var run: @Sendable (MudstackClient) async throws -> Void
}

/// Names the seeded ids in the scenarios; every input runs against its own ``freshEmulator()``, seeded alike.
private let seeded = freshEmulator().mudstack
private let asset = seeded.seededAssetIDs[0]

private func workspace(_ client: MudstackClient) -> MudstackWorkspaceScope {
    client.account.workspace(seeded.seededWorkspaceID)
}

private let scenarios: [Scenario] = [
    // POST /auth/token answers a bare JSON string (the JWT), or an error object.
    Scenario(pathSuffix: "/auth/token", method: .post) { _ = try await $0.account.accounts() },
    // Account scope models.
    Scenario(pathSuffix: "/accounts") { _ = try await $0.account.accounts() },
    Scenario(pathSuffix: "/accounts/workspaces") { _ = try await $0.account.workspaces() },
    Scenario(pathSuffix: "/accounts/members") { _ = try await $0.account.members() },
    Scenario(pathSuffix: "/accounts/settings") { _ = try await $0.account.settings() },
    // Workspace scope models.
    Scenario(pathSuffix: "/workspaces", exact: true) { _ = try await workspace($0).details() },
    Scenario(pathSuffix: "/workspaces/members") { _ = try await workspace($0).members() },
    Scenario(pathSuffix: "/folders/hierarchy") { _ = try await workspace($0).folderHierarchy() },
    Scenario(pathSuffix: "/folders/\(seeded.seededFolderID)") {
        _ = try await workspace($0).folder(seeded.seededFolderID)
    },
    Scenario(pathSuffix: "/assets/\(asset)") { _ = try await workspace($0).asset(asset) },
    Scenario(pathSuffix: "/assets") { _ = try await workspace($0).assets(ids: seeded.seededAssetIDs) },
    Scenario(pathSuffix: "/tasks") { _ = try await workspace($0).tasks(ofAsset: asset) },
    Scenario(pathSuffix: "/history") { _ = try await workspace($0).history(ofAsset: asset) },
]

/// libFuzzer entry point: a Mudstack answer of any status and body yields a value or an `AuthError`, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMudstack(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let fuzzCase = FuzzCase(start, count, scenarios: scenarios.count)
    let scenario = scenarios[fuzzCase.scenario]
    runToCompletion {
        let emulator = freshEmulator()
        guard emulator.mudstack.seededAssetIDs == seeded.seededAssetIDs,
            emulator.mudstack.seededFolderID == seeded.seededFolderID,
            emulator.mudstack.seededWorkspaceID == seeded.seededWorkspaceID
        else { fatalError("a fresh emulator is seeded differently; the scenarios name the wrong ids") }
        let matches: @Sendable (HTTPRequest) -> Bool = { request in
            request.method == scenario.method
                && (scenario.exact ? request.url.path == scenario.pathSuffix : request.url.path.hasSuffix(scenario.pathSuffix))
        }
        let client = MudstackClient(
            credential: emulator.mudstack.seededKey, accountID: emulator.mudstack.seededAccountID,
            baseURL: emulator.origins.mudstack,
            transport: FuzzTransport(emulator.transport, fuzzCase, matches: matches),
            clock: emulator.clock, retryPolicy: .none)
        await expectTyped { try await scenario.run(client) }
        await client.shutdown()
    }
    return 0
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzMudstack`.
@_cdecl("FuzzMudstack_main")
public func fuzzMudstackMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzMudstack)
}
