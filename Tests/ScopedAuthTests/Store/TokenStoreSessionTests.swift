import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// Sessions sharing an `InMemoryTokenStore`, as the processes of a fleet share a database: real tasks in
/// thousands, the deterministic ManualClock where timing matters.
@Suite(.timeLimit(.minutes(1))) struct TokenStoreSessionTests {
    static let key = TokenStoreKey(rawValue: "test-credential")

    static func binding(_ store: InMemoryTokenStore) -> TokenStoreBinding {
        TokenStoreBinding(store: store, key: key)
    }

    static func isFallback(_ event: AuthEvent) -> Bool { if case .storeFallback = event { true } else { false } }
    static func isLoaded(_ event: AuthEvent) -> Bool { if case .tokenLoadedFromStore = event { true } else { false } }

    @Test func twoSessionsSharingAStoreExchangeOnce() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        let gate = Gate()
        let exchange = ScriptedExchange(gate: gate)
        let a = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let b = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let first = Task { try await a.token() }
        #expect(await eventually { exchange.calls == 1 })
        let second = Task { try await b.token() }
        #expect(await eventually { await store.waiterCount == 1 })
        gate.open()
        let tokenA = try await first.value
        let tokenB = try await second.value
        #expect(exchange.calls == 1)
        #expect(tokenA.value == tokenB.value)
        #expect(await store.storedToken(for: Self.key)?.generation == 1)
    }

    /// A holder whose lease lapsed mid-exchange finds that another holder published the same fleet generation
    /// first: it takes that token, so the fleet holds one token, not two of one generation.
    @Test func aHolderThatLostItsLeaseTakesTheTokenPublishedFirstWithTheSameGeneration() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        let winner = StoredToken(value: Secret("published-first"), generation: 1,
                                 expiresAt: clock.wallClockNow.addingTimeInterval(3600), issuedAt: clock.wallClockNow)
        let exchange = ScriptedExchange { _ in
            // While this holder exchanges, its lease lapses and another holder publishes generation 1.
            await store.seed(winner, for: Self.key)
            return IssuedToken(value: Secret("exchanged-late"), expiry: .after(.seconds(3600)))
        }
        let session = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let token = try await session.token()
        #expect(exchange.calls == 1)
        #expect(token.value == Secret("published-first"))
        #expect(await store.storedToken(for: Self.key)?.value == Secret("published-first"))
    }

    @Test func aRestartedSessionUsesTheStoredTokenWithoutExchanging() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        let exchange = ScriptedExchange()
        let first = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let firstEvents = EventRecorder(first)
        let original = try await first.token()
        #expect(await eventually {
            firstEvents.count { if case .tokenPublished(fleetGeneration: 1) = $0 { true } else { false } } == 1
        })
        await first.shutdown()

        let restarted = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let recorder = EventRecorder(restarted)
        let reused = try await restarted.token()
        #expect(exchange.calls == 1)
        #expect(reused.value == original.value)
        #expect(await eventually { recorder.count(where: Self.isLoaded) == 1 })
        // The loaded token's deadline comes from its wall-clock expiry through the clock: one hour, as issued.
        #expect(reused.expiresAt == clock.now + .seconds(3600))
    }

    @Test func thousandsOfCallersAcrossSessionsCauseOneExchange() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        let gate = Gate()
        let exchange = ScriptedExchange(gate: gate)
        let sessions = (0..<4).map { _ in TokenSession(exchange: exchange, clock: clock, store: Self.binding(store)) }
        let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
            for session in sessions {
                for _ in 0..<1_000 { group.addTask { try await session.token() } }
            }
            #expect(await eventually {
                var waiting = 0
                for session in sessions { waiting += await session.waitingCallers }
                return waiting == 4_000
            })
            #expect(await eventually { await store.waiterCount == 3 })
            gate.open()
            return try await group.reduce(into: [AccessToken]()) { $0.append($1) }
        }
        #expect(exchange.calls == 1)
        #expect(tokens.count == 4_000)
        #expect(Set(tokens.map(\.value)).count == 1)
    }

    @Test func aRejectionStormOfOneGenerationAcrossSessionsCausesOneRefresh() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        let exchange = ScriptedExchange()
        let sessions = (0..<4).map { _ in TokenSession(exchange: exchange, clock: clock, store: Self.binding(store)) }
        var rejected: [AccessToken] = []
        for session in sessions { rejected.append(try await session.token()) }
        #expect(exchange.calls == 1)
        let replacements = try await withThrowingTaskGroup(of: AccessToken?.self) { group in
            for (session, token) in zip(sessions, rejected) {
                for _ in 0..<500 { group.addTask { try await session.replacement(afterRejectionOf: token.generation) } }
            }
            return try await group.reduce(into: [AccessToken?]()) { $0.append($1) }
        }
        #expect(exchange.calls == 2)
        #expect(replacements.count == 2_000)
        #expect(Set(replacements.map { $0?.value }).count == 1)
        #expect(replacements.allSatisfy { $0 != nil && $0?.value != rejected[0].value })
        #expect(await store.storedToken(for: Self.key)?.generation == 2)
    }

    @Test func aLapsedLeaseIsTakenOver() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        // Another process claimed the lease and died before publishing.
        let claim = try await store.claimRefresh(Self.key, replacing: nil, leaseDuration: .seconds(15))
        guard case .acquired = claim else { Issue.record("expected to acquire, got \(claim)"); return }
        let exchange = ScriptedExchange()
        let session = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let recorder = EventRecorder(session)
        let caller = Task { try await session.token() }
        #expect(await eventually { await store.waiterCount == 1 })
        #expect(exchange.calls == 0)
        clock.advance(by: .seconds(16))
        _ = try await caller.value
        #expect(exchange.calls == 1)
        #expect(await store.storedToken(for: Self.key)?.generation == 1)
        #expect(await eventually {
            recorder.count { if case .waitedForStoreHolder(nil, _) = $0 { true } else { false } } == 1
        })
    }

    @Test func anUnavailableStoreFallsBackToALocalExchange() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        await store.inject(.unavailable)
        let exchange = ScriptedExchange()
        let session = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let recorder = EventRecorder(session)
        let token = try await session.token()
        #expect(token.value.revealed.hasPrefix("token-1"))
        #expect(exchange.calls == 1)
        #expect(await eventually { recorder.count(where: Self.isFallback) == 1 })
        // The event names the failure, never the token.
        #expect(recorder.all.allSatisfy { !"\($0)".contains(sentinelSecret) })
    }

    @Test func aStoreThatStopsAnsweringFallsBackAfterTheOperationTimeout() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        await store.inject(.hang)
        let exchange = ScriptedExchange()
        let session = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let recorder = EventRecorder(session)
        let caller = Task { try await session.token() }
        #expect(await eventually { await store.calls["load"] == 1 })
        #expect(exchange.calls == 0)
        // Past the 2 s operation timeout, well inside the 30 s refresh timeout. (Without the store's timeout the
        // caller would wait forever on the manual clock: the watchdog turns that into a failure.)
        clock.advance(by: .seconds(3))
        let outcome = await result(of: caller)
        #expect(outcome != nil, "the caller still waited after the store's operation timeout")
        _ = try outcome?.get()
        #expect(exchange.calls == 1)
        #expect(await eventually {
            recorder.count { if case .storeFallback(let error) = $0 { error.kind == .unavailable } else { false } } == 1
        })
    }

    @Test func aCorruptRecordFallsBackAndIsOverwritten() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        await store.inject(.corrupt)
        let exchange = ScriptedExchange()
        let session = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let recorder = EventRecorder(session)
        let token = try await session.token()
        #expect(exchange.calls == 1)
        #expect(await eventually {
            recorder.count { if case .storeFallback(let error) = $0 { error.kind == .corrupt } else { false } } == 1
        })
        #expect(await store.storedToken(for: Self.key)?.value == token.value)
    }

    @Test func anExpiredStoredTokenIsNeverServed() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        let now = clock.wallClockNow
        await store.seed(
            StoredToken(value: Secret("expired"), generation: 7, expiresAt: now.addingTimeInterval(-1),
                        issuedAt: now.addingTimeInterval(-3601)),
            for: Self.key)
        let exchange = ScriptedExchange()
        let session = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let token = try await session.token()
        #expect(token.value != Secret("expired"))
        #expect(exchange.calls == 1)
        #expect(await store.storedToken(for: Self.key)?.generation == 8)
    }

    @Test func aStoredTokenInsideItsHardMarginIsNotServed() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        let now = clock.wallClockNow
        // One hour lifetime: the hard margin is 60 s; 30 s are left.
        await store.seed(
            StoredToken(value: Secret("nearly-expired"), generation: 3, expiresAt: now.addingTimeInterval(30),
                        issuedAt: now.addingTimeInterval(-3570)),
            for: Self.key)
        let exchange = ScriptedExchange()
        let session = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let token = try await session.token()
        #expect(token.value != Secret("nearly-expired"))
        #expect(exchange.calls == 1)
    }

    @Test func aTokenAnotherSessionStoredSupersedesAnExpiredOne() async throws {
        let clock = ManualClock()
        let store = InMemoryTokenStore(clock: clock)
        let exchange = ScriptedExchange(lifetime: .seconds(600))
        let a = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        let b = TokenSession(exchange: exchange, clock: clock, store: Self.binding(store))
        _ = try await a.token()
        _ = try await b.token()
        #expect(exchange.calls == 1)
        clock.advance(by: .seconds(601))
        let renewedA = try await a.token()
        let renewedB = try await b.token()
        #expect(exchange.calls == 2)
        #expect(renewedA.value == renewedB.value)
    }
}
