import Foundation
import FuzzSupport
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting

/// One Spacelift operation whose GraphQL answer the fuzzer replaces, recognised by a word of its document.
private struct Scenario: Sendable {
    var operation: String
    var run: @Sendable (SpaceliftClient<TokenSession>) async throws -> Void
}

private let scenarios: [Scenario] = [
    // The apiKeyUser exchange (jwt, validUntil) and the envelope around it.
    Scenario(operation: "apiKeyUser") { _ = try await $0.viewer() },
    // Envelopes with data, errors, and the HTTP 200 "unauthorized" that triggers a replay.
    Scenario(operation: "viewer") { _ = try await $0.viewer() },
    Scenario(operation: "stacks") { _ = try await $0.stacks() },
    Scenario(operation: "stack(") { _ = try await $0.stack(id: "my-stack-1") },
    Scenario(operation: "runTrigger") { _ = try await $0.runTrigger(stack: "my-stack-1", runType: .proposed) },
]

/// Whether a request is the GraphQL operation whose document contains `word`.
private func isOperation(_ word: String) -> @Sendable (HTTPRequest) -> Bool {
    { request in request.body.map { String(decoding: $0, as: UTF8.self).contains(word) } ?? false }
}

/// libFuzzer entry point: a Spacelift answer of any status and body yields a value or a typed error
/// (`AuthError` or `SpaceliftGraphQLError`), never a trap. One extra scenario reads the bytes as a static token.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpacelift(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let fuzzCase = FuzzCase(start, count, scenarios: scenarios.count + 1)
    guard fuzzCase.scenario < scenarios.count else {
        // The static token's claims (exp, aud) are parsed at init: typed throws, so only a trap could fail here.
        let token = String(decoding: fuzzCase.body, as: UTF8.self)
        _ = try? SpaceliftClient(token: Secret(token), transport: NoTransport(), retryPolicy: .none)
        return 0
    }
    let scenario = scenarios[fuzzCase.scenario]
    runToCompletion {
        let emulator = freshEmulator()
        let transport = FuzzTransport(emulator.transport, fuzzCase, matches: isOperation(scenario.operation))
        let client: SpaceliftClient<TokenSession>
        do {
            client = try SpaceliftClient(
                credential: .apiKey(emulator.spacelift.seededAPIKey), baseURL: emulator.origins.spacelift,
                transport: transport, clock: emulator.clock, retryPolicy: .none)
        } catch {
            fatalError("the emulator's endpoint was refused: \(error)")
        }
        await expectTyped(isTyped: { $0 is SpaceliftGraphQLError }) { try await scenario.run(client) }
        await client.shutdown()
    }
    return 0
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzSpacelift`.
@_cdecl("FuzzSpacelift_main")
public func fuzzSpaceliftMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzSpacelift)
}
