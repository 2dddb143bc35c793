import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting
import Testing

/// The user session under every token shape MASV might send (SERVICES.md section 7, General).
@Suite("MASV token styles")
struct MASVTokenStyleTests {
    @Test(arguments: EmulatorTokenStyle.all)
    func theUserSessionSignsInOnceRefreshesAcrossExpiryAndReplaysA401(style: EmulatorTokenStyle) async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        emulator.mintTokens(style, for: .masv)
        let client = makeClient(emulator, credential: .user(emulator.masv.seededUser), clock: clock)
        let team = emulator.masv.seededTeamID
        let package = try await client.packages.create(team: team, name: "Styles")
        for _ in 0..<8 { _ = try await client.packages.get(package.id, team: team) }
        #expect(emulator.counters.exchanges(.masv) == 1)

        clock.advance(by: .seconds(3 * 86_400 + 60))   // past the 3-day user token, whatever the token shows
        _ = try await client.packages.get(package.id, team: team)
        #expect(emulator.counters.exchanges(.masv) == 2)
        #expect(emulator.counters.unauthorized(.masv) == 0)

        emulator.faults.inject(.status(401), on: .masv, path: "/v1.1/teams")
        _ = try await client.packages.get(package.id, team: team)
        #expect(emulator.counters.exchanges(.masv) == 3)
        await client.shutdown()
    }

    @Test func a401AfterASuccessfulReSignInIsTokenRejectedNotInvalidCredentials() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, credential: .user(emulator.masv.seededUser), clock: clock)
        let team = emulator.masv.seededTeamID
        let package = try await client.packages.create(team: team, name: "Rejected")
        // Refused before and after the one re-sign-in: the password was fine, the token was not accepted.
        emulator.faults.inject(.status(401), on: .masv, path: "/v1.1/teams", times: 2)
        do {
            _ = try await client.packages.get(package.id, team: team)
            Issue.record("expected a rejection")
        } catch let error as AuthError {
            #expect(error.kind == .tokenRejected)
        }
        #expect(emulator.counters.exchanges(.masv) == 2)
        // A wrong password is still invalidCredentials.
        let wrong = makeClient(
            emulator, credential: .user(EmailPassword(email: emulator.masv.seededUser.email, password: Secret("nope"))),
            clock: clock)
        do {
            _ = try await wrong.packages.get(package.id, team: team)
            Issue.record("expected invalid credentials")
        } catch let error as AuthError {
            #expect(error.kind == .invalidCredentials)
        }
        await client.shutdown()
        await wrong.shutdown()
    }
}
