import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk
import ScopedAuthTesting
import Testing

/// The login session under every token shape MetaKraftwerk might send (SERVICES.md section 7, General).
@Suite("MetaKraftwerk token styles")
struct MetaKraftwerkTokenStyleTests {
    @Test(arguments: EmulatorTokenStyle.all)
    func theSessionLogsInOnceLogsInAgainAcrossExpiryAndReplaysA401(style: EmulatorTokenStyle) async throws {
        let fixture = MetaKraftwerkFixture()
        fixture.emulator.mintTokens(style, for: .metaKraftwerk)
        for _ in 0..<8 { _ = try await fixture.client.projects() }
        #expect(fixture.logins == 1)

        fixture.clock.advance(by: .seconds(86_400 + 60))   // past the 1-day token, whatever the token shows
        _ = try await fixture.client.projects()
        #expect(fixture.logins == 2)
        #expect(fixture.emulator.counters.unauthorized(.metaKraftwerk) == 0)

        fixture.emulator.faults.inject(.status(401), on: .metaKraftwerk, path: "/api/v1/projects")
        _ = try await fixture.client.projects()
        #expect(fixture.logins == 3)
        await fixture.client.shutdown()
    }
}
