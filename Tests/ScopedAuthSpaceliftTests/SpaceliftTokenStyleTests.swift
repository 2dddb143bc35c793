import Foundation
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// The API-key session under every token shape Spacelift might send (SERVICES.md section 7, General).
@Suite("Spacelift token styles")
struct SpaceliftTokenStyleTests {
    @Test(arguments: EmulatorTokenStyle.all)
    func theSessionExchangesOnceRefreshesAcrossExpiryAndReplaysA401(style: EmulatorTokenStyle) async throws {
        let fixture = SpaceliftFixture()
        fixture.emulator.mintTokens(style, for: .spacelift)
        let client = try fixture.client()
        for _ in 0..<8 { _ = try await client.viewer() }
        #expect(fixture.exchanges == 1)

        fixture.clock.advance(by: .seconds(3_600 + 60))   // past the 1-hour token, whatever the token shows
        _ = try await client.viewer()
        #expect(fixture.exchanges == 2)

        fixture.emulator.faults.inject(.status(401), on: .spacelift)
        _ = try await client.viewer()
        #expect(fixture.exchanges == 3)
        await client.shutdown()
    }
}
