import Foundation
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting
import Testing

/// The client under every token shape Mudstack might send: its own documentation shows `"your-jwt-token"`.
@Suite("Mudstack token styles")
struct MudstackTokenStyleTests {
    @Test(arguments: EmulatorTokenStyle.all)
    func theSessionExchangesOnceRefreshesAcrossExpiryAndReplaysA401(style: EmulatorTokenStyle) async throws {
        let fixture = MudstackFixture()
        fixture.emulator.mintTokens(style, for: .mudstack)
        for _ in 0..<8 { _ = try await fixture.client.account.accounts() }
        #expect(fixture.exchanges == 1)

        fixture.clock.advance(by: .seconds(3_600 + 60))   // past the 1-hour token, whatever the token shows
        _ = try await fixture.client.account.accounts()
        #expect(fixture.exchanges == 2)
        #expect(fixture.emulator.counters.unauthorized(.mudstack) == 0)

        fixture.emulator.faults.inject(.status(401), on: .mudstack, path: "/accounts")
        _ = try await fixture.client.account.accounts()
        #expect(fixture.exchanges == 3)
        await fixture.client.shutdown()
    }
}
