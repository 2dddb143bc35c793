import Foundation
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting

/// A secret that must never appear in a description, an error or an event.
let sentinelSecret = "SENTINEL-mudstack-5c1e-never-print-me"

/// One emulator and one client on one ManualClock: the client signs in with the emulator's seeded key.
struct MudstackFixture {
    let clock = ManualClock()
    let emulator: Emulator
    let client: MudstackClient

    /// - Parameter wrap: Puts a test transport between the client and the emulator.
    init(
        key: KeyAndSecret? = nil,
        accountID: String? = nil,
        retryPolicy: RetryPolicy = .none,
        wrap: (any HTTPTransport) -> any HTTPTransport = { $0 }
    ) {
        emulator = Emulator(clock: clock)
        client = MudstackClient(
            credential: key ?? emulator.mudstack.seededKey,
            accountID: accountID ?? emulator.mudstack.seededAccountID,
            baseURL: emulator.origins.mudstack,
            transport: wrap(emulator.transport),
            clock: clock,
            retryPolicy: retryPolicy)
    }

    var mudstack: MudstackEmulator { emulator.mudstack }
    var workspace: MudstackWorkspaceScope { client.account.workspace(mudstack.seededWorkspaceID) }
    var exchanges: Int { emulator.counters.exchanges(.mudstack) }

    /// Requests the emulator received for `path` (without query), in order.
    func requests(path: String) -> [HTTPRequest] {
        emulator.requests(to: .mudstack).filter { $0.url.path == path }
    }
}

/// Runs `body` and returns the ``AuthError`` it threw, or `nil` when it threw nothing or something else.
func authError(_ body: () async throws -> Void) async -> AuthError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? AuthError
    }
}

/// Polls `condition`, yielding, until it holds or about `timeout` of real time passes.
func eventually(timeout: Duration = .seconds(20), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        await Task.yield()
        try? await Task.sleep(for: .milliseconds(1))
    }
    return await condition()
}

/// Removes one header from every request before it reaches the emulator, as a broken proxy would.
struct HeaderStrippingTransport: HTTPTransport {
    let base: any HTTPTransport
    let header: String

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var stripped = request
        stripped.headers.remove(name: header)
        return try await base.send(stripped)
    }
}
