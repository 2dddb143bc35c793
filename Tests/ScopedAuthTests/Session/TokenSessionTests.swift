import Foundation
import ScopedAuth
import ScopedAuthTesting
import Synchronization
import Testing

/// The session actor with real tasks, in thousands, and with the deterministic ManualClock.
@Suite struct TokenSessionTests {
    @Test func tenThousandConcurrentCallersOnAnExpiredTokenCauseOneExchange() async throws {
        let clock = ManualClock()
        let gate = Gate()
        let exchange = ScriptedExchange { call in
            if call > 1 { await gate.wait() }
            return IssuedToken(value: Secret("token-\(call)"), expiry: .after(.seconds(60)))
        }
        let session = TokenSession(exchange: exchange, clock: clock)
        let first = try await session.token()
        clock.advance(by: .seconds(61))
        #expect(session.freshToken() == nil)

        let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
            for _ in 0..<10_000 { group.addTask { try await session.token() } }
            #expect(await eventually { await session.waitingCallers == 10_000 })
            gate.open()
            return try await group.reduce(into: [AccessToken]()) { $0.append($1) }
        }
        #expect(exchange.calls == 2)
        #expect(tokens.count == 10_000)
        #expect(Set(tokens).count == 1)
        #expect(tokens.first?.generation == first.generation.next)
        #expect(tokens.first?.value == Secret("token-2"))
    }

    @Test func tenThousandCallersOnTheRealClockWithExchangeLatency() async throws {
        let exchange = ScriptedExchange { call in
            try await Task.sleep(for: .milliseconds(20))
            return IssuedToken(value: Secret("token-\(call)"), expiry: .after(.seconds(3600)))
        }
        let session = TokenSession(exchange: exchange)
        let generations = try await withThrowingTaskGroup(of: TokenGeneration.self) { group in
            for _ in 0..<10_000 { group.addTask { try await session.token().generation } }
            return try await group.reduce(into: Set<TokenGeneration>()) { $0.insert($1) }
        }
        #expect(exchange.calls == 1)
        #expect(generations == [TokenGeneration(rawValue: 1)])
    }

    @Test func aCancelledCallerLeavesAtOnceWhileTheOthersGetTheToken() async throws {
        let gate = Gate()
        let exchange = ScriptedExchange(gate: gate)
        let session = TokenSession(exchange: exchange)
        let others = (0..<999).map { _ in Task { try await session.token() } }
        let leaver = Task { try await session.token() }
        #expect(await eventually { await session.waitingCallers == 1_000 })
        leaver.cancel()
        // The gate is still closed: the cancelled caller returns without the refresh finishing.
        await #expect(throws: CancellationError.self) { try await leaver.value }
        #expect(await session.isRefreshing)
        gate.open()
        var values: Set<AccessToken> = []
        for task in others { values.insert(try await task.value) }
        #expect(values.count == 1)
        #expect(exchange.calls == 1)
        #expect(exchange.cancelled == 0)
    }

    @Test func aCallerCancelledBetweenItsDecisionAndParkingLeavesAtOnce() async throws {
        // The clock cancels the calling task while the session reads it for the decision: the cancellation handler
        // then runs before the caller's continuation exists.
        let gate = Gate()
        let session = TokenSession(exchange: ScriptedExchange(gate: gate), clock: CancellingClock())
        let callers = (0..<100).map { _ in Task { try await session.token() } }
        for caller in callers { await #expect(throws: CancellationError.self) { try await caller.value } }
        #expect(await eventually { await session.waitingCallers == 0 })
        gate.open()
    }

    @Test func theRefreshIsCancelledWhenEveryCallerLeft() async throws {
        let gate = Gate()
        let exchange = ScriptedExchange(gate: gate)
        let session = TokenSession(exchange: exchange)
        let recorder = EventRecorder(session)
        let callers = (0..<100).map { _ in Task { try await session.token() } }
        #expect(await eventually { await session.waitingCallers == 100 })
        for caller in callers { caller.cancel() }
        for caller in callers { await #expect(throws: CancellationError.self) { try await caller.value } }
        // Cancelled, but still running at the service until it stops.
        #expect(await eventually { recorder.count { $0 == .refreshCancelled } == 1 })
        #expect(await session.isRefreshing)
        gate.open()
        #expect(await eventually { exchange.cancelled == 1 })
        #expect(await eventually { await !session.isRefreshing })
        #expect(await eventually { recorder.count { $0 == .refreshCancelled } == 1 })
        // The next caller starts a fresh exchange.
        let token = try await session.token()
        #expect(token.generation == TokenGeneration(rawValue: 1))
        #expect(exchange.calls == 2)
    }

    @Test func aDeadlineEndsTheWaitButTheRefreshGoesOn() async throws {
        let clock = ManualClock()
        let gate = Gate()
        let exchange = ScriptedExchange(gate: gate)
        var policy = RefreshPolicy()
        policy.refreshTimeout = .seconds(300)
        let session = TokenSession(exchange: exchange, policy: policy, clock: clock)
        let waiter = Task { try await session.token(timeout: .seconds(5)) }
        #expect(await eventually { await session.waitingCallers == 1 })
        await clock.waitForSleepers(count: 2)  // the caller's deadline and the refresh timeout
        clock.advance(by: .seconds(5))
        do {
            _ = try await waiter.value
            Issue.record("expected a timeout")
        } catch let error as AuthError {
            #expect(error.kind == .timeout)
        }
        #expect(await session.isRefreshing)
        gate.open()
        #expect(await eventually { session.freshToken() != nil })
        #expect(exchange.calls == 1)
    }

    @Test func theRefreshTimeoutIsATransientFailure() async throws {
        let clock = ManualClock()
        // An exchange that ignores cancellation until its gate opens, like a transport stuck in a read.
        let gate = Gate()
        let exchange = ScriptedExchange(gate: gate)
        var policy = RefreshPolicy()
        policy.refreshTimeout = .seconds(10)
        let session = TokenSession(exchange: exchange, policy: policy, clock: clock)
        let waiter = Task { try await session.token() }
        await clock.waitForSleepers(count: 1)
        clock.advance(by: .seconds(10))
        do {
            _ = try await waiter.value
            Issue.record("expected a timeout")
        } catch let error as AuthError {
            #expect(error.kind == .timeout)
        }
        // The stuck exchange still runs: after the backoff the next caller waits for it rather than starting a
        // second one at the service.
        #expect(await session.isRefreshing)
        clock.advance(by: .seconds(2))
        let next = Task { try await session.token() }
        #expect(await eventually { await session.waitingCallers == 1 })
        #expect(exchange.calls == 1)
        gate.open()
        #expect(await eventually { exchange.cancelled == 1 })
        _ = try await next.value
        #expect(exchange.calls == 2)
    }

    @Test func transientFailureThenRecovery() async throws {
        let clock = ManualClock()
        let exchange = ScriptedExchange { call in
            if call == 1 { throw AuthError(.serverError, status: 503, serviceMessage: "maintenance") }
            return IssuedToken(value: Secret("ok-\(call)"), expiry: .after(.seconds(3600)))
        }
        let session = TokenSession(exchange: exchange, clock: clock)
        await #expect { try await session.token() } throws: { ($0 as? AuthError)?.kind == .serverError }
        // During the backoff: fails fast, no new exchange.
        await #expect { try await session.token() } throws: { ($0 as? AuthError)?.retryAfter != nil }
        #expect(exchange.calls == 1)
        clock.advance(by: .seconds(1))
        let token = try await session.token()
        #expect(token.value == Secret("ok-2"))
        #expect(exchange.calls == 2)
    }

    @Test func transientFailureKeepsServingAStillValidToken() async throws {
        let clock = ManualClock()
        let exchange = ScriptedExchange { call in
            if call == 2 { throw URLError(.networkConnectionLost) }
            return IssuedToken(value: Secret("t\(call)"), expiry: .after(.seconds(3600)))
        }
        let session = TokenSession(exchange: exchange, clock: clock)
        let recorder = EventRecorder(session)
        let first = try await session.token()
        clock.advance(by: .seconds(3_450))  // inside the soft margin, outside the hard one
        #expect(try await session.token() == first)
        #expect(await eventually {
            let refreshing = await session.isRefreshing
            return exchange.calls == 2 && !refreshing
        })
        #expect(try await session.token() == first)
        #expect(await eventually { recorder.count { if case .refreshFailed(.transient, 0, _) = $0 { true } else { false } } == 1 })
        clock.advance(by: .seconds(2))
        #expect(try await session.token() == first)  // starts the retry in the background
        #expect(await eventually { session.freshToken()?.generation == TokenGeneration(rawValue: 2) })
    }

    @Test func permanentFailureIsTypedRememberedBrieflyAndNotSticky() async throws {
        let clock = ManualClock()
        let exchange = ScriptedExchange { call in
            if call == 1 { throw AuthError(.invalidCredentials, status: 401, serviceMessage: "Invalid login") }
            return IssuedToken(value: Secret("ok"), expiry: .never)
        }
        let session = TokenSession(exchange: exchange, clock: clock)
        for _ in 0..<3 {
            do {
                _ = try await session.token()
                Issue.record("expected invalid credentials")
            } catch let error as AuthError {
                #expect(error.kind == .invalidCredentials)
                #expect(error.serviceMessage == "Invalid login")
            }
        }
        #expect(exchange.calls == 1)
        clock.advance(by: .seconds(6))
        #expect(try await session.token().value == Secret("ok"))
        #expect(exchange.calls == 2)
    }

    @Test func theCircuitOpensAfterTheConfiguredNumberOfRefreshes() async throws {
        let exchange = ScriptedExchange(lifetime: .seconds(3600))
        var policy = RefreshPolicy()
        policy.circuitBreaker = .init(maximumRefreshes: 4, window: .seconds(60), openDuration: .seconds(30))
        let session = TokenSession(exchange: exchange, policy: policy)
        let recorder = EventRecorder(session)
        var token = try await session.token()
        for _ in 0..<3 {
            token = try #require(try await session.replacement(afterRejectionOf: token.generation))
        }
        await #expect { try await session.replacement(afterRejectionOf: token.generation) } throws: {
            ($0 as? AuthError)?.kind == .circuitOpen
        }
        await #expect { try await session.token() } throws: { ($0 as? AuthError)?.kind == .circuitOpen }
        #expect(exchange.calls == 4)
        #expect(await eventually { recorder.count { if case .circuitOpened = $0 { true } else { false } } == 1 })
    }

    @Test func anEmptyTokenFailsEveryWaiterWithATypedError() async throws {
        let exchange = ScriptedExchange { _ in IssuedToken(value: Secret(""), expiry: .fromJWT) }
        let session = TokenSession(exchange: exchange)
        let results = await withTaskGroup(of: AuthError.Kind?.self) { group in
            for _ in 0..<500 {
                group.addTask {
                    do { _ = try await session.token(); return nil } catch { return (error as? AuthError)?.kind }
                }
            }
            return await group.reduce(into: [AuthError.Kind?]()) { $0.append($1) }
        }
        #expect(results.count == 500)
        #expect(results.allSatisfy { $0 == .malformedResponse || $0 == .transient })
        #expect(results.contains(.malformedResponse))
        #expect(await session.waitingCallers == 0)
    }

    /// Tokens as services really send them (SERVICES.md section 7, General).
    @Test(arguments: [
        ("your-jwt-token", nil as Duration?),                              // Mudstack's documentation sample
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx", nil),                        // a truncated JWT
        (makeJWT(exp: nil, iat: 1_767_225_600), nil),                     // a JWT without exp
        ("opaque-\(sentinelSecret)", Duration.seconds(3_600)),           // documented lifetime as the horizon
        (makeJWT(exp: 1_767_225_600 + 600.5), Duration.seconds(3_600)),    // exp (fractional) wins
    ])
    func anyNonEmptyTokenIsUsableAndItsExpiryComesFromWhatTheServiceSaid(
        token: String, documentedLifetime: Duration?
    ) async throws {
        let clock = ManualClock()
        let expiry: TokenExpiry = documentedLifetime.map { .fromJWT(orLifetime: $0) } ?? .fromJWT
        let exchange = ScriptedExchange { _ in IssuedToken(value: Secret(token), expiry: expiry) }
        let session = TokenSession(exchange: exchange, clock: clock)
        for _ in 0..<8 { _ = try await session.token() }
        #expect(exchange.calls == 1)
        let first = try await session.token()
        #expect(first.value == Secret(token))
        let expected: Duration? = token.hasPrefix("opaque") ? documentedLifetime
            : documentedLifetime == nil ? nil : .milliseconds(600_500)
        #expect(first.expiresAt.map { $0 - clock.now } == expected)
        if expected == nil {
            // Unknown expiry: used until rejected, then exchanged once.
            clock.advance(by: .seconds(30 * 86_400))
            #expect(try await session.token() == first)
            let replacement = try await session.replacement(afterRejectionOf: first.generation)
            #expect(replacement?.generation == first.generation.next)
            #expect(exchange.calls == 2)
        }
    }

    @Test func expiryFromTheServersDateHeaderIgnoresLocalClockSkew() async throws {
        let clock = ManualClock()
        // The service's clock is two hours ahead of ours; its token expires one hour after its own "now".
        let serverNow = clock.wallClockNow.addingTimeInterval(7_200)
        let exchange = ScriptedExchange { _ in
            IssuedToken(value: Secret("t"), expiry: .at(serverNow.addingTimeInterval(3_600)), serverDate: serverNow)
        }
        let session = TokenSession(exchange: exchange, clock: clock)
        let recorder = EventRecorder(session)
        let token = try await session.token()
        #expect(token.expiresAt == clock.now + .seconds(3_600))
        clock.advance(by: .seconds(3_000))
        #expect(session.freshToken() == token)
        #expect(await eventually { recorder.all.contains(.clockSkewSuspected(offset: .seconds(-7_200))) })
    }

    @Test func jwtExpiryIsReadFromIntegerAndFractionalClaims() async throws {
        let clock = ManualClock()
        let now = clock.wallClockNow.timeIntervalSince1970
        for exp in [now + 600, now + 600.75] {
            let jwt = makeJWT(exp: exp, iat: now)
            let session = TokenSession(
                exchange: ScriptedExchange { _ in IssuedToken(value: Secret(jwt), expiry: .fromJWT) }, clock: clock)
            let token = try await session.token()
            let expected = clock.now + .clampedSecondsForTest(exp - now)
            #expect(abs((token.expiresAt! - expected).seconds) < 0.001)
        }
    }

    @Test func aThousandRejectionsOfOneGenerationAreOneReplayEventWithTheirCount() async throws {
        let gate = Gate()
        let exchange = ScriptedExchange { call in
            if call > 1 { await gate.wait() }
            return IssuedToken(value: Secret("token-\(call)"), expiry: .after(.seconds(3600)))
        }
        let session = TokenSession(exchange: exchange, clock: ManualClock())
        let stream = session.events()
        let first = try await session.token()
        let replacements = try await withThrowingTaskGroup(of: AccessToken?.self) { group in
            for _ in 0..<1_000 { group.addTask { try await session.replacement(afterRejectionOf: first.generation) } }
            #expect(await eventually { await session.waitingCallers == 1_000 })
            gate.open()
            return try await group.reduce(into: [AccessToken?]()) { $0.append($1) }
        }
        #expect(replacements.count == 1_000)
        #expect(Set(replacements.map { $0?.generation }) == [first.generation.next])
        await session.shutdown()
        var replays: [AuthEvent] = []
        for await event in stream {
            if case .unauthorizedReplayed = event { replays.append(event) }
        }
        #expect(replays == [.unauthorizedReplayed(rejected: first.generation, replacement: first.generation.next, requests: 1_000)])
    }

    @Test func shutdownFailsWaitersAndEndsEventStreams() async throws {
        let exchange = ScriptedExchange(gate: Gate())
        let session = TokenSession(exchange: exchange)
        let stream = session.events()
        let waiter = Task { try await session.token() }
        #expect(await eventually { await session.waitingCallers == 1 })
        await session.shutdown()
        await #expect { try await waiter.value } throws: { ($0 as? AuthError)?.kind == .shutdown }
        var seen: [AuthEvent] = []
        for await event in stream { seen.append(event) }
        #expect(seen.last == .shutdown)
        await #expect { try await session.token() } throws: { ($0 as? AuthError)?.kind == .shutdown }
    }

    @Test func theFastPathServesAFreshTokenWithoutTheActor() async throws {
        let clock = ManualClock()
        let session = TokenSession(exchange: ScriptedExchange(lifetime: .seconds(600)), clock: clock)
        #expect(session.freshToken() == nil)
        let token = try await session.token()
        #expect(session.freshToken() == token)
        clock.advance(by: .seconds(600))
        #expect(session.freshToken() == nil)
    }

    /// Every waiter depends on the exchange, so it must not queue behind them: it runs at high priority whatever
    /// the priority of the caller that started it, and still sees that caller's task-local values (a tracing
    /// context).
    @Test func theExchangeRunsHighWithTheStartingCallersTaskLocals() async throws {
        let seen = Mutex<[(TaskPriority, String?)]>([])
        let exchange = ScriptedExchange { call in
            seen.withLock { $0.append((Task.currentPriority, TraceContext.id)) }
            return IssuedToken(value: Secret("token-\(call)"), expiry: .after(.seconds(60)))
        }
        let session = TokenSession(exchange: exchange, clock: ManualClock())
        for priority in [TaskPriority.background, .low, .medium] {
            let token = try await Task(priority: priority) {
                try await TraceContext.$id.withValue("trace-\(priority.rawValue)") {
                    try await session.replacement(afterRejectionOf: session.freshToken()?.generation ?? .none)
                }
            }.value
            #expect(token != nil)
        }
        let observed = seen.withLock { $0 }
        #expect(observed.map(\.0) == [.high, .high, .high])
        #expect(observed.map(\.1) == ["trace-\(TaskPriority.background.rawValue)", "trace-\(TaskPriority.low.rawValue)",
            "trace-\(TaskPriority.medium.rawValue)"])
        await session.shutdown()
    }
}

/// A task-local value standing in for a tracing context.
private enum TraceContext {
    @TaskLocal static var id: String?
}

extension Duration {
    static func clampedSecondsForTest(_ seconds: Double) -> Duration { .nanoseconds(Int64(seconds * 1e9)) }
}

/// A system clock whose precise reading cancels the task that reads it (the fast path's reading does not).
private struct CancellingClock: AuthClock {
    let base = SystemAuthClock()
    var now: AuthInstant {
        withUnsafeCurrentTask { $0?.cancel() }
        return base.now
    }
    var approximateNow: AuthInstant { base.approximateNow }
    var wallClockNow: Date { base.wallClockNow }
    func sleep(until deadline: AuthInstant) async throws { try await base.sleep(until: deadline) }
}
