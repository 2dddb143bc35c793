import Foundation
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// API-key sessions against the emulator: exchange, refresh ahead of `validUntil`, single flight, replay once.
@Suite struct SpaceliftSessionTests {
    let fixture = SpaceliftFixture()

    @Test func theFirstOperationExchangesTheAPIKeyAndSendsTheJWT() async throws {
        let client = try fixture.client()
        #expect(fixture.emulator.counters.requests(.spacelift) == 0)
        let viewer = try await client.viewer()
        #expect(viewer.id == fixture.key.id)
        #expect(fixture.exchanges == 1)
        let token = try await client.currentToken()
        #expect(fixture.bearerTokens == ["Bearer " + token.revealed])
        #expect(try JWTClaims(token: token.revealed).subject == "api::\(fixture.key.id)")
        _ = try await client.stacks()
        #expect(fixture.exchanges == 1)
    }

    @Test func theTokenIsRefreshedBeforeItsHardMarginNeverSentInside() async throws {
        let client = try fixture.client()
        _ = try await client.viewer()
        let first = try await client.currentToken()
        // 59 s before validUntil: still accepted by the server, but inside the 60 s hard margin.
        fixture.clock.advance(by: .seconds(3600 - 59))
        _ = try await client.viewer()
        #expect(fixture.exchanges == 2)
        let sent = fixture.bearerTokens
        #expect(sent.count == 2)
        #expect(sent.last != "Bearer " + first.revealed)
    }

    @Test func insideTheSoftMarginTheTokenIsServedWhileOneBackgroundRefreshRuns() async throws {
        let client = try fixture.client()
        let recorder = EventRecorder(client)
        _ = try await client.viewer()
        let first = try await client.currentToken()
        // Past any jittered refresh moment (300 to 180 s before expiry), before the hard margin (60 s).
        fixture.clock.advance(by: .seconds(3600 - 179))
        _ = try await client.viewer()
        #expect(fixture.bearerTokens.last == "Bearer " + first.revealed)
        #expect(await eventually { fixture.exchanges == 2 })
        #expect(await eventually { (try? await client.currentToken()) != first })
        _ = try await client.viewer()
        #expect(fixture.bearerTokens.last != "Bearer " + first.revealed)
        #expect(fixture.exchanges == 2)
        #expect(await eventually { recorder.all.contains(.refreshStarted(cause: .proactive)) })
    }

    @Test func acrossValidUntilStacksAreNotSilentlyEmpty() async throws {
        let client = try fixture.client()
        #expect(try await client.stacks().count == 2)
        // An expired token would be answered with `stacks: []` and no error: the client must never send one.
        fixture.clock.advance(by: .seconds(3601))
        #expect(try await client.stacks().count == 2)
        #expect(fixture.exchanges == 2)
    }

    @Test func aServerClockAheadOfOursDoesNotLetAnExpiredTokenThrough() async throws {
        fixture.emulator.skewServerClock(by: .seconds(600))
        let client = try fixture.client()
        #expect(try await client.stacks().count == 2)
        // Local time 3550 s later is server time 4150 s later: the token expired 550 s ago on the server.
        fixture.clock.advance(by: .seconds(3550))
        #expect(try await client.stacks().count == 2)
        #expect(fixture.exchanges == 2)
    }

    @Test func tenThousandConcurrentQueriesAcrossAnExpiryCauseOneAPIKeyUserCall() async throws {
        let client = try fixture.client()
        _ = try await client.viewer()
        #expect(fixture.emulator.spacelift.exchangeAttempts(keyID: fixture.key.id) == 1)
        fixture.clock.advance(by: .seconds(3601))
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10_000 { group.addTask { try await client.stacks().count } }
            return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(counts == [2: 10_000])
        #expect(fixture.emulator.spacelift.exchangeAttempts(keyID: fixture.key.id) == 2)
        #expect(Set(fixture.bearerTokens.suffix(10_000)).count == 1)
        #expect(fixture.emulator.counters.unauthorized(.spacelift) == 0)
    }

    @Test func http200UnauthorizedCausesOneRefreshAndOneReplay() async throws {
        let client = try fixture.client()
        let recorder = EventRecorder(client)
        _ = try await client.viewer()
        fixture.emulator.spacelift.revokeIssuedTokens()
        let requestsBefore = fixture.emulator.counters.requests(.spacelift)
        let viewer = try await client.viewer()
        #expect(viewer.id == fixture.key.id)
        #expect(fixture.exchanges == 2)
        #expect(fixture.emulator.counters.unauthorized(.spacelift) == 1)
        // The rejected query, the exchange, the replay.
        #expect(fixture.emulator.counters.requests(.spacelift) == requestsBefore + 3)
        let replayed = AuthEvent.unauthorizedReplayed(rejected: TokenGeneration(rawValue: 1),
                                                      replacement: TokenGeneration(rawValue: 2), requests: 1)
        #expect(await eventually { recorder.all.contains(replayed) })
    }

    @Test func http401CausesOneRefreshAndOneReplay() async throws {
        let client = try fixture.client()
        _ = try await client.viewer()
        fixture.emulator.faults.inject(.status(401), on: .spacelift, path: "/graphql")
        let stacks = try await client.stacks()
        #expect(stacks.count == 2)
        #expect(fixture.exchanges == 2)
        #expect(fixture.emulator.counters.unauthorized(.spacelift) == 1)
        #expect(fixture.emulator.counters.requests(.spacelift) == 5)
    }

    @Test func aTokenStillRefusedAfterTheReplayIsATypedErrorNotALoop() async throws {
        let transport = AlwaysUnauthorizedTransport(base: fixture.emulator.transport)
        let client = try fixture.client(transport: transport)
        let error = await expectAuthError(.tokenRejected) { try await client.viewer() }
        #expect(error?.serviceMessage == "unauthorized")
        #expect(transport.rejections == 2)
        #expect(fixture.exchanges == 2)
    }

    @Test func aNullAPIKeyUserIsInvalidCredentialsWithoutARetryLoop() async throws {
        let unknown = KeyAndSecret(id: "01JUNKNOWNKEY0000000000000", secret: Secret(sentinelSecret))
        let client = try fixture.client(key: unknown)
        let error = await expectAuthError(.invalidCredentials) { try await client.stacks() }
        #expect(error?.detail?.contains(unknown.id) == true)
        #expect(fixture.emulator.spacelift.exchangeAttempts(keyID: unknown.id) == 1)
        // Remembered briefly: an immediate second call does not exchange again…
        await expectAuthError(.invalidCredentials) { try await client.viewer() }
        #expect(fixture.emulator.spacelift.exchangeAttempts(keyID: unknown.id) == 1)
        // …and it is not sticky.
        fixture.clock.advance(by: .seconds(6))
        await expectAuthError(.invalidCredentials) { try await client.viewer() }
        #expect(fixture.emulator.spacelift.exchangeAttempts(keyID: unknown.id) == 2)
        #expect(!String(describing: error).contains(sentinelSecret))
    }

    @Test func aWrongSecretIsInvalidCredentials() async throws {
        let wrong = KeyAndSecret(id: fixture.key.id, secret: Secret(sentinelSecret))
        let client = try fixture.client(key: wrong)
        let error = await expectAuthError(.invalidCredentials) { try await client.currentToken() }
        #expect(error?.service == "Spacelift")
        #expect(fixture.exchanges == 0)
        #expect(fixture.emulator.spacelift.exchangeAttempts(keyID: fixture.key.id) == 1)
    }

    @Test func aRevokedKeySurfacesAsInvalidCredentialsOnTheNextRefresh() async throws {
        let client = try fixture.client()
        _ = try await client.viewer()
        fixture.emulator.spacelift.revokeAPIKey(id: fixture.key.id)
        await expectAuthError(.invalidCredentials) { try await client.viewer() }
    }

    @Test func refreshExchangesAgainOnceForManyConcurrentCallers() async throws {
        let client = try fixture.client()
        let first = try await client.currentToken()
        // Hold the exchange on the clock until every caller has joined it.
        fixture.emulator.faults.inject(.latency(.seconds(1)), on: .spacelift)
        let tokens = try await withThrowingTaskGroup(of: Secret.self) { group in
            for _ in 0..<100 { group.addTask { try await client.refresh() } }
            #expect(await eventually { await client.tokenSource.waitingCallers == 100 })
            fixture.clock.advance(by: .seconds(1))
            return try await group.reduce(into: Set<Secret>()) { $0.insert($1) }
        }
        #expect(tokens.count == 1)
        #expect(!tokens.contains(first))
        #expect(fixture.exchanges == 2)
        #expect(try await client.currentToken() == tokens.first)
    }

    @Test func aGitHubTokenIsExchangedWithOAuthUser() async throws {
        let client = try SpaceliftClient(credential: .gitHubToken(fixture.emulator.spacelift.seededGitHubToken), baseURL: fixture.endpoint,
                                         transport: fixture.emulator.transport, clock: fixture.clock)
        #expect(try await client.viewer().name == "octocat")
        #expect(fixture.emulator.counters.exchanges(.spacelift, credential: "octocat") == 1)
        let refused = try SpaceliftClient(credential: .gitHubToken(Secret(sentinelSecret)), baseURL: fixture.endpoint,
                                          transport: fixture.emulator.transport, clock: fixture.clock)
        await expectAuthError(.invalidCredentials) { try await refused.viewer() }
    }

    @Test func aTransientExchangeFailureIsRetriedAndTyped() async throws {
        let client = try fixture.client()
        fixture.emulator.faults.inject(.malformedBody, on: .spacelift)
        await expectAuthError(.malformedResponse) { try await client.viewer() }
        fixture.clock.advance(by: .seconds(2))
        #expect(try await client.viewer().id == fixture.key.id)
    }

    @Test func afterShutdownEveryCallFails() async throws {
        let client = try fixture.client()
        _ = try await client.viewer()
        await client.shutdown()
        await expectAuthError(.shutdown) { try await client.viewer() }
    }

    @Test func noSecretOrTokenAppearsInDescriptionsErrorsOrEvents() async throws {
        let client = try fixture.client()
        let recorder = EventRecorder(client)
        _ = try await client.viewer()
        fixture.emulator.spacelift.revokeIssuedTokens()
        _ = try await client.viewer()
        let token = try await client.currentToken().revealed
        let wrong = try fixture.client(key: KeyAndSecret(id: fixture.key.id, secret: Secret(sentinelSecret)))
        let error = await expectAuthError(.invalidCredentials) { try await wrong.viewer() }
        var dumped = ""
        dump(client, to: &dumped)
        dump(error, to: &dumped)
        let texts = [String(describing: client), String(describing: error), dumped]
            + recorder.all.map(String.init(describing:))
        for text in texts {
            #expect(!text.contains(sentinelSecret))
            #expect(!text.contains(fixture.key.secret.revealed))
            #expect(!text.contains(token))
        }
        #expect(!recorder.all.isEmpty)
    }
}
