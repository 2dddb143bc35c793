import Foundation
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting
import Testing

@Suite("Mudstack token refresh")
struct MudstackRefreshTests {
    @Test func aThousandConcurrentCallsAcrossExpiryCauseOneExchange() async throws {
        let fixture = MudstackFixture()
        let assetID = fixture.mudstack.seededAssetIDs[0]
        let first = try await fixture.workspace.asset(assetID)
        let oldToken = try await fixture.client.session.token()
        fixture.clock.advance(by: .seconds(3_601))
        #expect(fixture.client.session.freshToken() == nil)

        // The exchange is held on the clock, so all thousand calls are waiting when it completes.
        fixture.emulator.faults.inject(.latency(.seconds(1)), on: .mudstack, path: "/auth/token")
        let workspace = fixture.workspace
        let assets = try await withThrowingTaskGroup(of: MudstackAsset.self) { group in
            for _ in 0..<1_000 { group.addTask { try await workspace.asset(assetID) } }
            #expect(await eventually { await fixture.client.session.waitingCallers == 1_000 })
            await fixture.clock.waitForSleepers(count: 2)  // the emulator's latency and the refresh timeout
            fixture.clock.advance(by: .seconds(1))
            return try await group.reduce(into: [MudstackAsset]()) { $0.append($1) }
        }

        #expect(fixture.exchanges == 2)
        #expect(assets.count == 1_000)
        #expect(Set(assets) == [first])
        let newToken = try await fixture.client.session.token()
        #expect(newToken.generation == oldToken.generation.next)
        let calls = fixture.requests(path: "/workspaces/assets/\(assetID)")
        #expect(calls.count == 1_001)
        #expect(calls.dropFirst().allSatisfy { $0.headers["Authorization"] == "Bearer " + newToken.value.revealed })
    }

    @Test func aRefreshHappensBeforeExpiryWhileTheOldTokenIsStillServed() async throws {
        let fixture = MudstackFixture()
        _ = try await fixture.client.account.accounts()
        // Inside the soft margin (10 % of an hour, at most 300 s, jittered), outside the hard one (2 %, at most 60 s).
        fixture.clock.advance(by: .seconds(3_600 - 100))
        _ = try await fixture.client.account.accounts()
        #expect(await eventually { fixture.exchanges == 2 })
        #expect(fixture.emulator.counters.unauthorized(.mudstack) == 0)
    }

    @Test func a401CausesOneRefreshAndOneReplay() async throws {
        let fixture = MudstackFixture()
        let assetID = fixture.mudstack.seededAssetIDs[1]
        let before = try await fixture.client.session.token()
        fixture.emulator.faults.inject(.status(401), on: .mudstack, path: "/workspaces/assets/\(assetID)")

        let asset = try await fixture.workspace.asset(assetID)

        #expect(asset.name == "Dragon")
        #expect(fixture.exchanges == 2)
        let after = try await fixture.client.session.token()
        #expect(after.generation == before.generation.next)
        let calls = fixture.requests(path: "/workspaces/assets/\(assetID)")
        #expect(calls.map { $0.headers["Authorization"] } == [
            "Bearer " + before.value.revealed, "Bearer " + after.value.revealed,
        ])
        #expect(calls.allSatisfy { $0.headers["x-workspace-id"] == fixture.mudstack.seededWorkspaceID })
    }

    @Test func aTokenTheServerSeesExpiredIsRefusedOnceThenReplayedWithANewOne() async throws {
        let fixture = MudstackFixture()
        _ = try await fixture.client.session.token()
        fixture.emulator.skewServerClock(by: .seconds(3_601))

        let workspaces = try await fixture.client.account.workspaces()

        #expect(workspaces.map(\.id) == [fixture.mudstack.seededWorkspaceID])
        #expect(fixture.exchanges == 2)
        #expect(fixture.emulator.counters.unauthorized(.mudstack) == 1)
        #expect(fixture.requests(path: "/accounts/workspaces").count == 2)
    }

    @Test func aThousandConcurrentCallsRejectedForOneTokenShareOneRefresh() async throws {
        let fixture = MudstackFixture()
        _ = try await fixture.client.session.token()
        // The server's clock jumps past the token's expiry: every call with it answers a real 401.
        fixture.emulator.skewServerClock(by: .seconds(3_601))
        let account = fixture.client.account
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 { group.addTask { try await account.workspaces().count } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: 1, count: 1_000))
        #expect(fixture.exchanges == 2)
        // Each call went out at most twice: once with the rejected token, once replayed.
        #expect(fixture.requests(path: "/accounts/workspaces").count <= 2_000)
    }

    @Test func aSecond401AfterTheReplayIsTokenRejectedWithoutAnotherReplay() async throws {
        let fixture = MudstackFixture()
        fixture.emulator.faults.inject(.status(401), on: .mudstack, path: "/accounts/members", times: 2)
        let error = try #require(await authError { _ = try await fixture.client.account.members() })
        #expect(error.kind == .tokenRejected)
        #expect(error.status == 401)
        #expect(fixture.exchanges == 2)
        #expect(fixture.requests(path: "/accounts/members").count == 2)
    }

    @Test func shutdownEndsTheClient() async throws {
        let fixture = MudstackFixture()
        await fixture.client.shutdown()
        let error = await authError { _ = try await fixture.client.account.accounts() }
        #expect(error?.kind == .shutdown)
    }
}
