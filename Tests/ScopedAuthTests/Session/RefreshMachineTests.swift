import ScopedAuth
import Testing

/// The session engine's rules, exercised as a pure value: no tasks, no timing.
@Suite struct RefreshMachineTests {
    static func at(_ seconds: Double) -> AuthInstant { AuthInstant(nanosecondsSinceOrigin: Int64(seconds * 1e9)) }

    static func policy() -> RefreshPolicy {
        var policy = RefreshPolicy()
        policy.randomSeed = 42
        return policy
    }

    static func token(_ name: String, lifetime: Duration? = .seconds(3600), skew: Duration? = nil) -> ReceivedToken {
        ReceivedToken(value: Secret(name), remaining: lifetime, skew: skew)
    }

    /// Starts a machine and completes its first refresh at `t` with a token living `lifetime`.
    static func primed(lifetime: Duration? = .seconds(3600), at t: Double = 0, policy: RefreshPolicy = policy())
        -> RefreshMachine
    {
        var machine = RefreshMachine(policy: policy)
        let output = machine.requestToken(now: at(t))
        _ = machine.refreshSucceeded(refreshID(output)!, token: token("first", lifetime: lifetime), now: at(t))
        return machine
    }

    static func refreshID(_ output: RefreshMachine.Output) -> RefreshID? {
        for case .startRefresh(let id, _) in output.actions { return id }
        return nil
    }

    static func cause(_ output: RefreshMachine.Output) -> RefreshCause? {
        for case .startRefresh(_, let cause) in output.actions { return cause }
        return nil
    }

    static func resumed(_ output: RefreshMachine.Output) -> [(ids: [WaiterID], result: Result<AccessToken, AuthError>)] {
        output.actions.compactMap { if case .resume(let ids, let result) = $0 { (ids, result) } else { nil } }
    }

    static func events(_ output: RefreshMachine.Output) -> [AuthEvent] {
        output.actions.compactMap { if case .emit(let event) = $0 { event } else { nil } }
    }

    // MARK: Single flight

    @Test func firstRequestStartsOneRefreshAndEveryLaterOneJoinsIt() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        #expect(Self.cause(first) == .initial)
        guard case .wait = first.decision else { Issue.record("first caller should wait"); return }
        for _ in 0..<999 {
            let later = machine.requestToken(now: Self.at(0.5))
            #expect(Self.refreshID(later) == nil)
            guard case .wait = later.decision else { Issue.record("later caller should wait"); return }
        }
        #expect(machine.waiterCount == 1_000)
        let done = machine.refreshSucceeded(Self.refreshID(first)!, token: Self.token("t1"), now: Self.at(1))
        let resumed = Self.resumed(done)
        #expect(resumed.count == 1)
        #expect(resumed.first?.ids.count == 1_000)
        guard case .success(let token)? = resumed.first?.result else { Issue.record("expected a token"); return }
        #expect(token.generation == TokenGeneration(rawValue: 1))
        #expect(token.value == Secret("t1"))
        #expect(Self.events(done).contains(.refreshSucceeded(generation: token.generation, waiters: 1_000, duration: .seconds(1))))
        #expect(machine.waiterCount == 0)
    }

    @Test func freshTokenIsHandedOutWithoutRefresh() {
        var machine = Self.primed()
        let output = machine.requestToken(now: Self.at(100))
        #expect(output.actions.isEmpty)
        guard case .token(let token) = output.decision else { Issue.record("expected token"); return }
        #expect(token.value == Secret("first"))
        #expect(machine.fastPath?.token == token)
    }

    // MARK: Margins and jitter

    @Test func softMarginHandsOutTokenAndStartsOneBackgroundRefresh() {
        // 1 h token: soft margin 300 s (10 % = 360 capped at 300), hard 60 s (2 % = 72 capped at 60).
        var machine = Self.primed()
        let soft = machine.fastPath!.until!
        #expect(soft >= Self.at(3_300))
        #expect(soft <= Self.at(3_300 + 240 * 0.5))
        let inSoft = machine.requestToken(now: soft)
        #expect(Self.cause(inSoft) == .proactive)
        guard case .token = inSoft.decision else { Issue.record("soft margin must still hand out"); return }
        #expect(Self.events(inSoft).contains(.servedStale(generation: TokenGeneration(rawValue: 1))))
        // While the background refresh runs, the fast path serves until the hard deadline.
        #expect(machine.fastPath?.until == Self.at(3_540))
        let again = machine.requestToken(now: soft + .seconds(1))
        #expect(Self.refreshID(again) == nil)
        guard case .token = again.decision else { Issue.record("still handed out"); return }
    }

    @Test func hardMarginNeverHandsOutTheToken() {
        var machine = Self.primed()
        let output = machine.requestToken(now: Self.at(3_540))
        #expect(Self.cause(output) == .expired)
        guard case .wait = output.decision else { Issue.record("must wait inside hard margin"); return }
        #expect(machine.fastPath == nil || machine.fastPath!.until! <= Self.at(3_540))
    }

    @Test func marginsScaleWithLifetime() {
        let policy = RefreshPolicy()
        let day = policy.margins(for: .seconds(86_400))
        #expect(day.soft == .seconds(300))
        #expect(day.hard == .seconds(60))
        let minute = policy.margins(for: .seconds(60))
        #expect(minute.hard == .seconds(10))
        #expect(minute.soft == .seconds(30))
        let tiny = policy.margins(for: .seconds(8))
        #expect(tiny.hard == .seconds(2))
        #expect(tiny.soft == .seconds(4))
    }

    @Test func jitterSpreadsRefreshMomentsAcrossMachines() {
        var moments: Set<AuthInstant> = []
        for seed in 0..<20 {
            var policy = RefreshPolicy()
            policy.randomSeed = UInt64(seed)
            let machine = Self.primed(policy: policy)
            let soft = machine.fastPath!.until!
            #expect(soft >= Self.at(3_300) && soft <= Self.at(3_420))
            moments.insert(soft)
        }
        #expect(moments.count > 15)
    }

    @Test func tokenWithoutExpiryIsNeverRefreshedProactively() {
        var machine = Self.primed(lifetime: nil)
        #expect(machine.fastPath?.until == nil)
        let output = machine.requestToken(now: Self.at(10_000_000))
        #expect(Self.refreshID(output) == nil)
        guard case .token = output.decision else { Issue.record("expected token"); return }
    }

    // MARK: Failures

    @Test func transientFailureKeepsServingValidTokenAndBacksOff() {
        var machine = Self.primed()
        let soft = machine.fastPath!.until!
        let started = machine.requestToken(now: soft)
        let failed = machine.refreshFailed(Self.refreshID(started)!, error: AuthError(.serverError, status: 503), now: soft)
        guard case .refreshFailed(.serverError, 0, let retryAfter?)? = Self.events(failed).first else {
            Issue.record("expected refreshFailed event"); return
        }
        #expect(retryAfter > .zero && retryAfter <= .milliseconds(500))
        // Still valid: handed out, no new refresh during backoff.
        let during = machine.requestToken(now: soft + .milliseconds(100))
        guard case .token = during.decision else { Issue.record("valid token must be served"); return }
        #expect(Self.refreshID(during) == nil)
        // After the backoff, the next request tries again (no sticky error).
        let after = machine.requestToken(now: soft + .seconds(1))
        #expect(Self.cause(after) == .proactive)
    }

    @Test func transientFailureWhileWaitersWaitFailsThemAndIsNotSticky() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        _ = machine.requestToken(now: Self.at(0))
        let failed = machine.refreshFailed(Self.refreshID(first)!, error: AuthError(.transient), now: Self.at(1))
        let resumed = Self.resumed(failed)
        #expect(resumed.first?.ids.count == 2)
        #expect(resumed.first.map { if case .failure(let e) = $0.result { e.kind == .transient } else { false } } == true)
        // During the backoff, callers fail fast with the transient error and a retry hint.
        let during = machine.requestToken(now: Self.at(1.1))
        guard case .fail(let error) = during.decision else { Issue.record("expected fast failure"); return }
        #expect(error.kind == .transient)
        #expect(error.retryAfter != nil)
        // Then a new attempt.
        let retry = machine.requestToken(now: Self.at(3))
        #expect(Self.cause(retry) == .initial)
        let ok = machine.refreshSucceeded(Self.refreshID(retry)!, token: Self.token("t2"), now: Self.at(3.5))
        #expect(Self.resumed(ok).first?.ids.count == 1)
    }

    @Test func backoffGrowsExponentiallyAndHonoursRetryAfter() {
        var policy = Self.policy()
        policy.backoff.jitter = 0
        var machine = RefreshMachine(policy: policy)
        var now = 0.0
        var delays: [Duration] = []
        for _ in 0..<4 {
            let start = machine.requestToken(now: Self.at(now))
            let failed = machine.refreshFailed(Self.refreshID(start)!, error: AuthError(.transient), now: Self.at(now))
            guard case .refreshFailed(_, _, let delay?)? = Self.events(failed).first else { Issue.record("no delay"); return }
            delays.append(delay)
            now += delay.seconds
        }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4)])
        let start = machine.requestToken(now: Self.at(now))
        let limited = machine.refreshFailed(
            Self.refreshID(start)!, error: AuthError(.rateLimited, status: 429, retryAfter: .seconds(30)), now: Self.at(now))
        guard case .refreshFailed(.rateLimited, _, .seconds(30))? = Self.events(limited).first else {
            Issue.record("Retry-After should win"); return
        }
    }

    @Test func retryAfterFromTheTokenEndpointIsClampedToTheLongestBackoff() {
        var policy = Self.policy()
        policy.backoff.jitter = 0
        var machine = RefreshMachine(policy: policy)
        let start = machine.requestToken(now: Self.at(0))
        let limited = machine.refreshFailed(
            Self.refreshID(start)!, error: AuthError(.rateLimited, status: 429, retryAfter: .seconds(86_400)),
            now: Self.at(0))
        #expect(Self.events(limited).first == .refreshFailed(kind: .rateLimited, waiters: 1, retryAfter: .seconds(60)))
        guard case .fail(let remembered) = machine.requestToken(now: Self.at(59)).decision else {
            Issue.record("still backing off"); return
        }
        #expect(remembered.retryAfter == .seconds(1))
        #expect(Self.cause(machine.requestToken(now: Self.at(60))) == .initial)
    }

    @Test func theBackoffCounterStartsOverAfterASuccess() {
        var policy = Self.policy()
        policy.backoff.jitter = 0
        var machine = Self.primed(lifetime: .seconds(3600), policy: policy)
        var generation = TokenGeneration(rawValue: 1)
        var now = 1.0
        func failTwiceThenSucceed() -> [Duration] {
            var delays: [Duration] = []
            for _ in 0..<2 {
                let start = machine.tokenRejected(generation: generation, now: Self.at(now))
                let failed = machine.refreshFailed(Self.refreshID(start)!, error: AuthError(.transient), now: Self.at(now))
                if case .refreshFailed(_, _, let delay?)? = Self.events(failed).first { delays.append(delay) }
                now += 10
            }
            let start = machine.tokenRejected(generation: generation, now: Self.at(now))
            _ = machine.refreshSucceeded(Self.refreshID(start)!, token: Self.token("ok"), now: Self.at(now))
            generation = generation.next
            now += 10
            return delays
        }
        #expect(failTwiceThenSucceed() == [.milliseconds(500), .seconds(1)])
        #expect(failTwiceThenSucceed() == [.milliseconds(500), .seconds(1)])
    }

    @Test func permanentFailureSurfacesAtOnceIsRememberedBrieflyAndIsNotSticky() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        let failed = machine.refreshFailed(
            Self.refreshID(first)!, error: AuthError(.invalidCredentials, status: 401), now: Self.at(0.2))
        #expect(Self.events(failed).contains(.refreshFailed(kind: .invalidCredentials, waiters: 1, retryAfter: nil)))
        let remembered = machine.requestToken(now: Self.at(2))
        guard case .fail(let error) = remembered.decision else { Issue.record("expected remembered failure"); return }
        #expect(error.kind == .invalidCredentials)
        #expect(Self.refreshID(remembered) == nil)
        let later = machine.requestToken(now: Self.at(5.3))
        #expect(Self.cause(later) == .initial)
    }

    // MARK: Circuit breaker

    @Test func circuitOpensAfterTooManyRefreshesInTheWindowAndClosesLater() {
        var policy = Self.policy()
        policy.circuitBreaker = .init(maximumRefreshes: 3, window: .seconds(60), openDuration: .seconds(30))
        var machine = RefreshMachine(policy: policy)
        var generation = TokenGeneration.none
        for step in 0..<3 {
            // Each new token is rejected at once: a service that refuses every token.
            let output = step == 0
                ? machine.requestToken(now: Self.at(Double(step)))
                : machine.tokenRejected(generation: generation, now: Self.at(Double(step)))
            let done = machine.refreshSucceeded(Self.refreshID(output)!, token: Self.token("t\(step)"), now: Self.at(Double(step)))
            generation = generation.next
            #expect(Self.resumed(done).count == 1)
        }
        let tripped = machine.tokenRejected(generation: generation, now: Self.at(3))
        guard case .fail(let error) = tripped.decision else { Issue.record("expected circuit open"); return }
        #expect(error.kind == .circuitOpen)
        #expect(Self.events(tripped).contains(.circuitOpened(openFor: .seconds(30))))
        let stillOpen = machine.requestToken(now: Self.at(20))
        guard case .fail(let again) = stillOpen.decision else { Issue.record("still open"); return }
        #expect(again.kind == .circuitOpen)
        let closed = machine.requestToken(now: Self.at(34))
        #expect(Self.cause(closed) == .rejected(generation))
    }

    // MARK: Cancellation and deadlines

    @Test func refreshIsCancelledOnlyWhenTheLastCancelledWaiterLeaves() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        let second = machine.requestToken(now: Self.at(0))
        guard case .wait(let a) = first.decision, case .wait(let b) = second.decision else {
            Issue.record("both should wait"); return
        }
        #expect(machine.waiterLeft(a, cancelled: true, now: Self.at(1)).actions.isEmpty)
        #expect(machine.isRefreshing)
        let last = machine.waiterLeft(b, cancelled: true, now: Self.at(1))
        #expect(last.actions.contains(.cancelRefresh(Self.refreshID(first)!)))
        #expect(Self.events(last).contains(.refreshCancelled))
        // The cancelled exchange still runs at the service until it ends: no second one starts meanwhile.
        #expect(machine.isRefreshing && machine.isCancelling)
        let meanwhile = machine.requestToken(now: Self.at(1.5))
        #expect(Self.refreshID(meanwhile) == nil)
        guard case .wait(let c) = meanwhile.decision else { Issue.record("should park behind it"); return }
        // Its late token is a good token: the caller who parked gets it.
        let late = machine.refreshSucceeded(Self.refreshID(first)!, token: Self.token("late"), now: Self.at(2))
        #expect(Self.resumed(late).map(\.ids) == [[c]])
        #expect(!machine.isRefreshing)
    }

    @Test func aCancelledExchangeThatEndsInFailureHandsOverToOneNewExchange() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        guard case .wait(let a) = first.decision else { Issue.record("should wait"); return }
        _ = machine.waiterLeft(a, cancelled: true, now: Self.at(1))
        let parked = (0..<3).map { _ in machine.requestToken(now: Self.at(1.5)) }
        #expect(parked.allSatisfy { Self.refreshID($0) == nil })
        let ended = machine.refreshFailed(Self.refreshID(first)!, error: AuthError(.transient), now: Self.at(2))
        // Its CancellationError counts for nothing (no backoff, no failure event); one new exchange starts.
        #expect(Self.cause(ended) == .initial)
        #expect(Self.resumed(ended).isEmpty)
        #expect(!Self.events(ended).contains { if case .refreshFailed = $0 { true } else { false } })
        #expect(machine.waiterCount == 3)
    }

    @Test func aTimedOutExchangeFailsItsWaitersButBlocksASecondExchangeUntilItEnds() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        let id = Self.refreshID(first)!
        let timedOut = machine.refreshTimedOut(id, now: Self.at(30))
        #expect(timedOut.actions.contains(.cancelRefresh(id)))
        guard case .failure(let error)? = Self.resumed(timedOut).first?.result else { Issue.record("no failure"); return }
        #expect(error.kind == .timeout)
        // After the backoff the next caller parks behind the exchange still running; none starts.
        let later = machine.requestToken(now: Self.at(40))
        #expect(Self.refreshID(later) == nil)
        guard case .wait = later.decision else { Issue.record("should park"); return }
        // It ignores its cancellation for a whole timeout: the parked caller fails, later ones fail fast.
        let overdue = machine.cancellationOverdue(id, now: Self.at(60))
        #expect(Self.resumed(overdue).count == 1)
        guard case .fail(let fast) = machine.requestToken(now: Self.at(61)).decision else {
            Issue.record("should fail fast"); return
        }
        #expect(fast.kind == .timeout)
        #expect(machine.isRefreshing)
        // Only its end frees the way.
        _ = machine.refreshFailed(id, error: AuthError(.transient), now: Self.at(90))
        #expect(Self.cause(machine.requestToken(now: Self.at(90))) == .initial)
    }

    @Test func cancelledExchangesDoNotCountTowardTheCircuitBreaker() {
        var policy = Self.policy()
        policy.circuitBreaker = .init(maximumRefreshes: 3, window: .seconds(60), openDuration: .seconds(30))
        var machine = RefreshMachine(policy: policy)
        for step in 0..<10 {
            // A caller starts (or parks behind) the exchange and cancels; the healthy exchange then ends cancelled.
            let t = Double(step)
            let output = machine.requestToken(now: Self.at(t))
            guard case .wait(let waiter) = output.decision else { Issue.record("step \(step): no wait"); return }
            #expect(Self.refreshID(output) != nil)
            _ = machine.waiterLeft(waiter, cancelled: true, now: Self.at(t + 0.1))
            _ = machine.refreshFailed(Self.refreshID(output)!, error: AuthError(.transient), now: Self.at(t + 0.2))
        }
        let healthy = machine.requestToken(now: Self.at(11))
        #expect(Self.cause(healthy) == .initial)
        #expect(!Self.events(healthy).contains { if case .circuitOpened = $0 { true } else { false } })
    }

    @Test func anUnaskedCancellationOfARunningExchangeIsAnOrdinaryFailure() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        let failed = machine.refreshFailed(
            Self.refreshID(first)!, error: AuthError(.transient, detail: "cancelled by something else"), now: Self.at(1))
        #expect(Self.resumed(failed).count == 1)
        #expect(machine.waiterCount == 0 && !machine.isRefreshing)
    }

    @Test func aPermanentFailureWhileTheTokenIsValidStopsProactiveRefreshesUntilItsHardDeadline() {
        var machine = Self.primed(lifetime: .seconds(3600))
        // Find the soft deadline: the first request that starts a proactive refresh.
        var t = 3000.0
        var proactive: RefreshMachine.Output?
        while t < 3600, proactive == nil {
            let output = machine.requestToken(now: Self.at(t))
            if Self.refreshID(output) != nil { proactive = output }
            t += 1
        }
        guard let proactive else { Issue.record("no proactive refresh"); return }
        _ = machine.refreshFailed(
            Self.refreshID(proactive)!, error: AuthError(.invalidCredentials, status: 401), now: Self.at(t))
        // The password was revoked: requests keep the still-valid token, and nothing signs in again every few
        // seconds while it lasts.
        var starts = 0
        var now = t
        while now < 3540 {
            let output = machine.requestToken(now: Self.at(now))
            if case .token = output.decision {} else { Issue.record("token should still be served at \(now)") }
            if Self.refreshID(output) != nil { starts += 1 }
            now += 1
        }
        #expect(starts == 0)
        #expect(machine.fastPath?.until == Self.at(3540))
        // At the hard deadline the token is no longer usable: one request tries again.
        #expect(Self.cause(machine.requestToken(now: Self.at(3540))) == .expired)
    }

    @Test func aDeadlineBoundsTheWaitButNotTheRefresh() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        guard case .wait(let id) = first.decision else { Issue.record("should wait"); return }
        #expect(machine.waiterLeft(id, cancelled: false, now: Self.at(5)).actions.isEmpty)
        #expect(machine.isRefreshing)
    }

    @Test func backgroundRefreshSurvivesCancelledJoinersWhileTheTokenIsUsable() {
        var machine = Self.primed()
        let soft = machine.fastPath!.until!
        _ = machine.requestToken(now: soft)
        #expect(machine.isRefreshing)
        // A rejection of the current token parks a caller on the running refresh; it is cancelled.
        let rejected = machine.tokenRejected(generation: TokenGeneration(rawValue: 1), now: soft)
        guard case .wait(let id) = rejected.decision else { Issue.record("should wait"); return }
        let left = machine.waiterLeft(id, cancelled: true, now: soft)
        // The token is rejected, so nobody benefits any more: the refresh is cancelled.
        #expect(left.actions.contains { if case .cancelRefresh = $0 { true } else { false } })
    }

    @Test func shutdownFailsWaitersCancelsRefreshAndRefusesLaterRequests() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        _ = machine.requestToken(now: Self.at(0))
        let down = machine.shutdown()
        #expect(down.actions.contains(.cancelRefresh(Self.refreshID(first)!)))
        #expect(Self.resumed(down).first?.ids.count == 2)
        #expect(Self.resumed(down).first.map { if case .failure(let e) = $0.result { e.kind == .shutdown } else { false } } == true)
        guard case .fail(let error) = machine.requestToken(now: Self.at(1)).decision else { Issue.record("must fail"); return }
        #expect(error.kind == .shutdown)
        #expect(machine.fastPath == nil)
    }

    // MARK: 401 handling

    @Test func rejectionOfCurrentGenerationCausesOneRefreshForAllAndStaleOnesReplayWithoutRefresh() {
        var machine = Self.primed()
        let g1 = TokenGeneration(rawValue: 1)
        let first = machine.tokenRejected(generation: g1, now: Self.at(10))
        #expect(Self.cause(first) == .rejected(g1))
        #expect(machine.fastPath == nil)
        for _ in 0..<999 {
            let more = machine.tokenRejected(generation: g1, now: Self.at(10))
            #expect(Self.refreshID(more) == nil)
        }
        // Plain requests also wait: the rejected token is never handed out again.
        guard case .wait = machine.requestToken(now: Self.at(10)).decision else { Issue.record("should wait"); return }
        let done = machine.refreshSucceeded(Self.refreshID(first)!, token: Self.token("second"), now: Self.at(11))
        #expect(Self.resumed(done).first?.ids.count == 1_001)
        // One event for the thousand replays of generation 1, with their count, not one per waiter.
        let replays = Self.events(done).filter {
            if case .unauthorizedReplayed = $0 { true } else { false }
        }
        #expect(replays == [.unauthorizedReplayed(rejected: g1, replacement: TokenGeneration(rawValue: 2), requests: 1_000)])
        // A late 401 for generation 1 (sent before the refresh) is replayed with generation 2, no refresh.
        let stale = machine.tokenRejected(generation: g1, now: Self.at(12))
        #expect(Self.refreshID(stale) == nil)
        guard case .token(let token) = stale.decision else { Issue.record("expected current token"); return }
        #expect(token.generation == TokenGeneration(rawValue: 2))
        #expect(Self.events(stale) == [.staleUnauthorizedReplayed(rejected: g1, replacement: token.generation)])
    }

    @Test func waitersAreResumedInTheOrderTheyParked() {
        var machine = RefreshMachine(policy: Self.policy())
        var parked: [WaiterID] = []
        var refresh: RefreshID?
        for _ in 0..<1_000 {
            let output = machine.requestToken(now: Self.at(0))
            refresh = refresh ?? Self.refreshID(output)
            if case .wait(let id) = output.decision { parked.append(id) }
        }
        guard let refresh else { Issue.record("no refresh started"); return }
        let done = machine.refreshSucceeded(refresh, token: Self.token("first"), now: Self.at(1))
        #expect(Self.resumed(done).first?.ids == parked)
    }

    @Test func rejectionJoinsABackgroundRefreshAlreadyRunning() {
        var machine = Self.primed()
        let soft = machine.fastPath!.until!
        let background = machine.requestToken(now: soft)
        let rejected = machine.tokenRejected(generation: TokenGeneration(rawValue: 1), now: soft)
        #expect(Self.refreshID(rejected) == nil)
        guard case .wait = rejected.decision else { Issue.record("should join"); return }
        let done = machine.refreshSucceeded(Self.refreshID(background)!, token: Self.token("next"), now: soft)
        #expect(Self.resumed(done).first?.ids.count == 1)
    }

    // MARK: Clock safety

    @Test func tokenArrivingInsideItsHardMarginIsUsedAndReportedNotRefreshedInALoop() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        // A one-hour token (by exp - iat) with only 5 s left when it arrives: our clock seems far ahead.
        let skewed = ReceivedToken(value: Secret("skewed"), remaining: .seconds(5), lifetime: .seconds(3600))
        let done = machine.refreshSucceeded(Self.refreshID(first)!, token: skewed, now: Self.at(0))
        #expect(Self.events(done).contains(.clockSkewSuspected(offset: .seconds(5))))
        guard case .success(let token)? = Self.resumed(done).first?.result else { Issue.record("waiter must get it"); return }
        #expect(token.value == Secret("skewed"))
        // Served without refresh during the grace period…
        for t in stride(from: 1.0, to: 59, by: 7) {
            let output = machine.requestToken(now: Self.at(t))
            #expect(Self.refreshID(output) == nil)
            guard case .token = output.decision else { Issue.record("should be served"); return }
        }
        // …then refreshed once.
        #expect(Self.refreshID(machine.requestToken(now: Self.at(61))) != nil)
    }

    @Test func largeSkewIsReportedEvenForAHealthyToken() {
        var machine = RefreshMachine(policy: Self.policy())
        let first = machine.requestToken(now: Self.at(0))
        let done = machine.refreshSucceeded(
            Self.refreshID(first)!, token: Self.token("t", lifetime: .seconds(3600), skew: .seconds(120)), now: Self.at(0))
        #expect(Self.events(done).contains(.clockSkewSuspected(offset: .seconds(120))))
    }
}
