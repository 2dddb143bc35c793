import Foundation
import FuzzSupport
import ScopedAuth
import ScopedAuthMassdriver
import ScopedAuthTesting

/// One Massdriver operation whose GraphQL answer the fuzzer replaces, recognised by a word of its document.
private struct Scenario: Sendable {
    var operation: String
    var run: @Sendable (MassdriverClient<MassdriverServiceAccountSecret>, _ organization: String) async throws -> Void
}

private let scenarios: [Scenario] = [
    // data / errors with `code` or `extensions.code`, for each root field the client reads.
    Scenario(operation: "viewer") { client, _ in _ = try await client.viewer() },
    Scenario(operation: "server") { client, _ in _ = try await client.server() },
    // Pages: items, cursors (next, previous), and a page that fails mid-sequence.
    Scenario(operation: "projects(") { client, organization in
        for try await _ in client.projects(organizationID: organization, pageSize: 5) {}
    },
    Scenario(operation: "environments(") { client, organization in
        for try await _ in client.environments(organizationID: organization, pageSize: 5) {}
    },
    // Mutation payloads: result, successful, and validation messages.
    Scenario(operation: "createProject") {
        _ = try await $0.createProject(organizationID: $1, name: "fuzz", description: "fuzzed")
    },
]

/// Whether a request is the GraphQL operation whose document contains `word`.
private func isOperation(_ word: String) -> @Sendable (HTTPRequest) -> Bool {
    { request in request.body.map { String(decoding: $0, as: UTF8.self).contains(word) } ?? false }
}

/// libFuzzer entry point: a Massdriver answer of any status and body yields a value or a typed error
/// (`AuthError`, `MassdriverGraphQLError`, `MassdriverValidationError`), never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMassdriver(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let fuzzCase = FuzzCase(start, count, scenarios: scenarios.count)
    let scenario = scenarios[fuzzCase.scenario]
    runToCompletion {
        let emulator = freshEmulator()
        let account = emulator.massdriver.seededServiceAccount
        let client = MassdriverClient(
            credential: MassdriverServiceAccountSecret(organizationID: account.organizationID, secret: account.secret),
            baseURL: emulator.origins.massdriver,
            transport: FuzzTransport(emulator.transport, fuzzCase, matches: isOperation(scenario.operation)),
            clock: emulator.clock, retryPolicy: .none)
        await expectTyped(isTyped: { $0 is MassdriverGraphQLError || $0 is MassdriverValidationError }) {
            try await scenario.run(client, account.organizationID)
        }
    }
    return 0
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzMassdriver`.
@_cdecl("FuzzMassdriver_main")
public func fuzzMassdriverMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzMassdriver)
}
