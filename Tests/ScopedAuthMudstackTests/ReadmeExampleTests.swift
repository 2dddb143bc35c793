import ScopedAuthMudstack
import ScopedAuthTesting
import Testing

/// The example of the README's "Testing your code with ScopedAuthTesting" section, verbatim, so it cannot rot.
@Test func readmeExampleRefreshesOnceAcrossExpiry() async throws {
    let clock = ManualClock()
    let emulator = Emulator(clock: clock)
    let mudstack = MudstackClient(credential: emulator.mudstack.seededKey, accountID: emulator.mudstack.seededAccountID,
                                  baseURL: emulator.origins.mudstack, transport: emulator.transport, clock: clock)
    _ = try await mudstack.account.workspaces()
    clock.advance(by: .seconds(3_600))                     // the token expires, instantly
    _ = try await mudstack.account.workspaces()
    #expect(emulator.counters.exchanges(.mudstack) == 2)
}
