import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting
import Testing

@Suite("MASV user session")
struct MASVUserSessionTests {
    @Test func signsInOnceAndAgainOnceAcrossExpiryUnderThousandsOfConcurrentRequests() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, credential: .user(emulator.masv.seededUser), clock: clock)
        let teams = try await client.teams()
        #expect(teams.map(\.id) == [emulator.masv.seededTeamID])
        let package = try await client.packages.create(team: teams[0].id, name: "Session")
        #expect(emulator.counters.exchanges(.masv) == 1)

        clock.advance(by: .seconds(3 * 86_400 + 60))   // the 3-day user token has expired
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<1_000 {
                group.addTask { try await client.packages.get(package.id, team: teams[0].id).id }
            }
            for try await id in group { #expect(id == package.id) }
        }
        #expect(emulator.counters.exchanges(.masv) == 2)
        #expect(emulator.counters.unauthorized(.masv) == 0)
        let userRequests = emulator.requests(to: .masv).filter { $0.url.path.hasPrefix("/v1.1/teams") }
        #expect(userRequests.count == 1_000)
        #expect(userRequests.allSatisfy { $0.headers.contains("X-User-Token") && !$0.headers.contains("X-API-KEY") })
        await client.shutdown()
    }

    @Test func aRevokedTokenIsReplacedByOneSignInAndReplayed() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, credential: .user(emulator.masv.seededUser), clock: clock)
        let team = emulator.masv.seededTeamID
        _ = try await client.packages.create(team: team, name: "A")
        // The server answers 401 once (as for a token it no longer accepts): one sign-in, one replay.
        emulator.faults.inject(.status(401), on: .masv, path: "/v1/teams")
        let package = try await client.packages.create(team: team, name: "B")
        #expect(emulator.masv.packageState(package.id) == "new")
        #expect(emulator.counters.exchanges(.masv) == 2)
    }
}
