/// A token as received from an exchange, with its expiry already turned into durations at receipt.
package struct ReceivedToken: Sendable, Hashable {
    /// The token.
    package var value: Secret
    /// How long until the token expires, measured on the service's clock at receipt; `nil` if it never expires.
    package var remaining: Duration?
    /// The token's whole lifetime (`exp - iat`), used to scale margins; defaults to ``remaining``.
    package var lifetime: Duration?
    /// The local wall clock minus the service's `Date` header (positive: ours is ahead), if the service sent one.
    package var skew: Duration?

    package init(value: Secret, remaining: Duration?, lifetime: Duration? = nil, skew: Duration? = nil) {
        self.value = value
        self.remaining = remaining
        self.lifetime = lifetime ?? remaining
        self.skew = skew
    }
}

/// Identifies one caller parked in a ``RefreshMachine``.
package struct WaiterID: Hashable, Sendable { package var rawValue: UInt64 }

/// Identifies one credential exchange started by a ``RefreshMachine``.
package struct RefreshID: Hashable, Sendable { package var rawValue: UInt64 }

/// The decisions of a ``TokenSession``, as a plain value: no `async`, no clock reads, no I/O.
///
/// Every input is an event with the current instant; every output is a list of actions for the actor to execute.
/// This is where all the guarantees of the session engine live, so they can be tested exhaustively without tasks
/// or timing.
package struct RefreshMachine: Sendable {
    /// What happens to a caller who asked for a token.
    package enum Decision: Sendable, Equatable {
        /// Use this token now.
        case token(AccessToken)
        /// Park until the machine resumes this waiter.
        case wait(WaiterID)
        /// Fail with this error now.
        case fail(AuthError)
    }

    /// Something the actor must do.
    package enum Action: Sendable, Equatable {
        /// Start a credential exchange.
        case startRefresh(RefreshID, RefreshCause)
        /// Cancel the credential exchange in flight.
        case cancelRefresh(RefreshID)
        /// Resume these waiters with this result.
        case resume([WaiterID], Result<AccessToken, AuthError>)
        /// Publish an event.
        case emit(AuthEvent)
    }

    /// The machine's answer to one input.
    package struct Output: Sendable, Equatable {
        /// What happens to the caller that caused the input, if it asked for a token.
        package var decision: Decision?
        /// What the actor must do, in order.
        package var actions: [Action] = []
    }

    /// The token the fast path may hand out without consulting the machine, and until when.
    package struct FastPath: Sendable, Equatable {
        /// The token.
        package var token: AccessToken
        /// Until when it may be handed out without a decision; `nil` means indefinitely.
        package var until: AuthInstant?
    }

    private struct Current: Sendable {
        var token: AccessToken
        var softDeadline: AuthInstant?
        var hardDeadline: AuthInstant?
        var rejected = false
        var servedStale = false
    }

    private enum WaiterKind: Sendable {
        case request
        case rejection(TokenGeneration)
    }

    private struct Refresh: Sendable {
        var id: RefreshID
        var cause: RefreshCause
        var startedAt: AuthInstant
    }

    /// The one credential exchange that may run at the service at any time.
    ///
    /// A cancelled exchange (its last waiter left, its timeout fired, the session shut down) is still running
    /// until the actor reports its end: while it is `cancelling`, no other exchange starts, so there are never two
    /// at once. Callers who need a token meanwhile park and are served by its outcome or by the exchange started
    /// for them once it ends; once it is `overdue` (it ignored cancellation for a whole refresh timeout), they
    /// fail fast instead of parking behind it.
    private enum Exchange: Sendable {
        case running(Refresh)
        case cancelling(Refresh, overdue: Bool)

        var refresh: Refresh {
            switch self {
            case .running(let refresh), .cancelling(let refresh, _): refresh
            }
        }
    }

    package let policy: RefreshPolicy
    private var random: Xoshiro
    private var current: Current?
    private var exchange: Exchange?
    private var waiters: [WaiterID: WaiterKind] = [:]
    private var nextWaiter: UInt64 = 0
    private var nextRefresh: UInt64 = 0
    private var consecutiveFailures = 0
    private var backoffUntil: AuthInstant?
    private var lastTransientFailure: AuthError?
    private var permanentFailure: (error: AuthError, until: AuthInstant)?
    /// Until when no proactive refresh starts after a permanent failure while the token was still usable: a
    /// revoked password is not tried again every few seconds (which could lock the account) while the token
    /// still works; a request that needs a new token still tries once the brief memory has passed.
    private var proactiveHeldUntil: AuthInstant?
    /// When each completed exchange (succeeded, failed or timed out) started; cancelled ones do not count.
    private var refreshStarts: [AuthInstant] = []
    private var circuitOpenUntil: AuthInstant?
    private var isShutdown = false

    package init(policy: RefreshPolicy) {
        self.policy = policy
        random = Xoshiro(seed: policy.randomSeed ?? UInt64.random(in: .min ... .max))
    }

    // MARK: Queries

    /// The number of parked callers.
    package var waiterCount: Int { waiters.count }
    /// Whether the caller `id` is parked.
    package func isWaiting(_ id: WaiterID) -> Bool { waiters[id] != nil }
    /// Whether a credential exchange is in flight at the service, including one cancelled but not yet ended.
    package var isRefreshing: Bool { exchange != nil }
    /// Whether the exchange in flight was cancelled and has not ended yet.
    package var isCancelling: Bool { if case .cancelling = exchange { true } else { false } }
    /// The current token, whether or not it may be handed out.
    package var currentToken: AccessToken? { current?.token }

    /// The token the fast path may hand out, and until when; `nil` when every request must come to the machine.
    package var fastPath: FastPath? {
        guard !isShutdown, let current, !current.rejected else { return nil }
        guard let soft = current.softDeadline else { return FastPath(token: current.token, until: nil) }
        // While a refresh runs (or is held back by backoff, a remembered failure or an open circuit) the token may
        // be handed out up to its hard deadline; otherwise the first request in the soft margin must come here to
        // start the refresh.
        var until = soft
        if exchange != nil { until = current.hardDeadline ?? soft }
        // One at a time, no array of them: this runs after every input, once per caller in a storm.
        func extend(to holdBack: AuthInstant?) {
            guard let holdBack, holdBack > soft else { return }
            until = max(until, min(holdBack, current.hardDeadline ?? holdBack))
        }
        extend(to: backoffUntil)
        extend(to: permanentFailure?.until)
        extend(to: proactiveHeldUntil)
        extend(to: circuitOpenUntil)
        return FastPath(token: current.token, until: until)
    }

    // MARK: Inputs

    /// A caller asks for a token.
    package mutating func requestToken(now: AuthInstant) -> Output {
        var output = Output()
        output.decision = decide(kind: .request, now: now, output: &output)
        return output
    }

    /// A response said the token of `generation` is not accepted; the caller wants a token to replay with.
    package mutating func tokenRejected(generation rejected: TokenGeneration, now: AuthInstant) -> Output {
        var output = Output()
        if isShutdown {
            output.decision = .fail(AuthError(.shutdown))
            return output
        }
        if let current, current.token.generation > rejected, isUsable(current, now: now) {
            output.actions.append(
                .emit(.staleUnauthorizedReplayed(rejected: rejected, replacement: current.token.generation))
            )
            output.decision = .token(current.token)
            return output
        }
        if current?.token.generation == rejected {
            current?.rejected = true
        }
        output.decision = decide(kind: .rejection(rejected), now: now, output: &output)
        return output
    }

    /// The exchange `id` produced a token.
    ///
    /// A token from an exchange that was cancelled but finished anyway is used too: it is a valid token.
    package mutating func refreshSucceeded(_ id: RefreshID, token received: ReceivedToken, now: AuthInstant) -> Output {
        var output = Output()
        guard let exchange, exchange.refresh.id == id else { return output }
        let refresh = exchange.refresh
        self.exchange = nil
        guard !isShutdown else { return output }
        if case .running = exchange { refreshStarts.append(refresh.startedAt) }
        consecutiveFailures = 0
        backoffUntil = nil
        lastTransientFailure = nil
        permanentFailure = nil
        proactiveHeldUntil = nil
        // The current token is never cleared once set, so its generation is the session's.
        let generation = (current?.token.generation ?? .none).next

        var softDeadline: AuthInstant?
        var hardDeadline: AuthInstant?
        var expiresAt: AuthInstant?
        if let remaining = received.remaining {
            let expiry = now + remaining
            expiresAt = expiry
            let (soft, hard) = policy.margins(for: received.lifetime ?? remaining)
            let hardAt = expiry - hard
            if hardAt <= now {
                // Arrived already inside its hard margin: our clock or the service's is off. Use it anyway for a
                // grace period rather than refreshing in a loop.
                let grace = now + policy.suspectedSkewGrace
                hardDeadline = grace
                softDeadline = grace
                output.actions.append(.emit(.clockSkewSuspected(offset: received.skew ?? remaining)))
            } else {
                let window = (soft - hard) * policy.refreshJitter
                softDeadline = expiry - soft + window * random.nextUnit()
                hardDeadline = hardAt
            }
        }
        if let skew = received.skew, abs(skew.seconds) > policy.skewTolerance.seconds {
            output.actions.append(.emit(.clockSkewSuspected(offset: skew)))
        }
        let token = AccessToken(value: received.value, generation: generation, expiresAt: expiresAt)
        current = Current(token: token, softDeadline: softDeadline, hardDeadline: hardDeadline)

        let resumed = waiters
        waiters.removeAll()
        output.actions.append(
            .emit(.refreshSucceeded(generation: generation, waiters: resumed.count, duration: now - refresh.startedAt))
        )
        // One event per rejected generation with its count, not one per waiter (a storm has one generation).
        var rejections: [(generation: TokenGeneration, requests: Int)] = []
        for case .rejection(let rejected) in resumed.values {
            if let index = rejections.firstIndex(where: { $0.generation == rejected }) {
                rejections[index].requests += 1
            } else {
                rejections.append((rejected, 1))
            }
        }
        for (rejected, requests) in rejections.sorted(by: { $0.generation < $1.generation }) {
            output.actions.append(
                .emit(.unauthorizedReplayed(rejected: rejected, replacement: generation, requests: requests)))
        }
        if !resumed.isEmpty {
            output.actions.append(.resume(Self.inParkingOrder(resumed), .success(token)))
        }
        return output
    }

    /// The exchange `id` failed.
    ///
    /// The end of a cancelled exchange only frees the way for the next one: its failure (usually a
    /// `CancellationError`) counts for nothing, and callers who parked meanwhile get an exchange of their own.
    package mutating func refreshFailed(_ id: RefreshID, error: AuthError, now: AuthInstant) -> Output {
        var output = Output()
        guard let exchange, exchange.refresh.id == id else { return output }
        self.exchange = nil
        guard !isShutdown else { return output }
        guard case .running(let refresh) = exchange else {
            startForParkedWaiters(now: now, output: &output)
            return output
        }
        refreshStarts.append(refresh.startedAt)
        fail(error, now: now, output: &output)
        return output
    }

    /// The exchange `id` ran past the refresh timeout: its waiters fail with `timeout` (a transient failure that
    /// counts like any other), and it is cancelled, but it occupies the one exchange slot until it really ends.
    package mutating func refreshTimedOut(_ id: RefreshID, now: AuthInstant) -> Output {
        var output = Output()
        guard case .running(let refresh) = exchange, refresh.id == id, !isShutdown else { return output }
        exchange = .cancelling(refresh, overdue: false)
        output.actions.append(.cancelRefresh(id))
        refreshStarts.append(refresh.startedAt)
        fail(AuthError(.timeout, detail: "credential exchange took longer than \(policy.refreshTimeout)"),
             now: now, output: &output)
        return output
    }

    /// The cancelled exchange `id` ignored its cancellation for a whole refresh timeout: the callers parked behind
    /// it fail with `timeout`, and later ones fail fast until it ends. No second exchange starts meanwhile.
    package mutating func cancellationOverdue(_ id: RefreshID, now: AuthInstant) -> Output {
        var output = Output()
        guard case .cancelling(let refresh, overdue: false) = exchange, refresh.id == id, !isShutdown else {
            return output
        }
        exchange = .cancelling(refresh, overdue: true)
        let failed = Self.inParkingOrder(waiters)
        waiters.removeAll()
        if !failed.isEmpty { output.actions.append(.resume(failed, .failure(overdueError))) }
        return output
    }

    private mutating func fail(_ error: AuthError, now: AuthInstant, output: inout Output) {
        var retryAfter: Duration?
        if error.kind.isTransient {
            consecutiveFailures += 1
            var delay = policy.backoff.delay(attempt: consecutiveFailures, random: random.nextUnit())
            // A service's Retry-After is honoured up to the longest backoff: no error is sticky.
            if let asked = error.retryAfter { delay = max(delay, min(asked, policy.backoff.maximum)) }
            backoffUntil = now + delay
            lastTransientFailure = error
            retryAfter = delay
        } else {
            permanentFailure = (error, now + policy.permanentFailureMemory)
            if let current, isUsable(current, now: now), let hard = current.hardDeadline {
                proactiveHeldUntil = max(hard, now + policy.permanentFailureMemory)
            }
        }
        let failed = Self.inParkingOrder(waiters)
        waiters.removeAll()
        output.actions.append(.emit(.refreshFailed(kind: error.kind, waiters: failed.count, retryAfter: retryAfter)))
        if !failed.isEmpty { output.actions.append(.resume(failed, .failure(error))) }
    }

    /// After a cancelled exchange ended: starts the exchange the callers parked behind it are waiting for.
    private mutating func startForParkedWaiters(now: AuthInstant, output: inout Output) {
        guard !waiters.isEmpty else { return }
        guard tripCircuitIfNeeded(now: now, output: &output) else {
            let failed = Self.inParkingOrder(waiters)
            waiters.removeAll()
            output.actions.append(
                .resume(failed, .failure(circuitOpenError(retryAfter: policy.circuitBreaker.openDuration))))
            return
        }
        let cause: RefreshCause
        if let current {
            cause = current.rejected ? .rejected(current.token.generation) : .expired
        } else {
            cause = .initial
        }
        start(cause: cause, now: now, output: &output)
    }

    /// The parked callers in the order they parked: first come, first resumed. (It is also what the runtime's task
    /// groups remove fastest: resuming ten thousand callers in hash order cost ~200 ms of CPU in `RefreshStorm`.)
    private static func inParkingOrder(_ waiters: [WaiterID: WaiterKind]) -> [WaiterID] {
        waiters.keys.sorted { $0.rawValue < $1.rawValue }
    }

    private var overdueError: AuthError {
        AuthError(.timeout, detail: "the previous credential exchange has not stopped after its cancellation")
    }

    /// A parked caller left: cancelled (`cancelled == true`) or past its own deadline.
    ///
    /// A refresh is cancelled when its last waiter is cancelled and no usable token would benefit from it; a
    /// deadline only bounds the caller's wait, never the refresh.
    package mutating func waiterLeft(_ id: WaiterID, cancelled: Bool, now: AuthInstant) -> Output {
        var output = Output()
        guard waiters.removeValue(forKey: id) != nil else { return output }
        if cancelled, waiters.isEmpty, case .running(let refresh) = exchange,
            current.map({ !isUsable($0, now: now) }) ?? true
        {
            exchange = .cancelling(refresh, overdue: false)
            output.actions.append(.cancelRefresh(refresh.id))
            output.actions.append(.emit(.refreshCancelled))
        }
        return output
    }

    /// The session shuts down: every waiter fails, the refresh is cancelled, and every later request fails.
    package mutating func shutdown() -> Output {
        var output = Output()
        guard !isShutdown else { return output }
        isShutdown = true
        if case .running(let refresh) = exchange {
            output.actions.append(.cancelRefresh(refresh.id))
            exchange = .cancelling(refresh, overdue: false)
        }
        let failed = Self.inParkingOrder(waiters)
        waiters.removeAll()
        if !failed.isEmpty { output.actions.append(.resume(failed, .failure(AuthError(.shutdown)))) }
        output.actions.append(.emit(.shutdown))
        return output
    }

    // MARK: Rules

    private func isUsable(_ current: Current, now: AuthInstant) -> Bool {
        !current.rejected && (current.hardDeadline.map { now < $0 } ?? true)
    }

    private mutating func decide(kind: WaiterKind, now: AuthInstant, output: inout Output) -> Decision {
        if isShutdown { return .fail(AuthError(.shutdown)) }
        if let current, isUsable(current, now: now) {
            if let soft = current.softDeadline, now >= soft {
                if exchange == nil, !isHeldBack(now: now), tripCircuitIfNeeded(now: now, output: &output) {
                    start(cause: .proactive, now: now, output: &output)
                }
                if !current.servedStale {
                    self.current?.servedStale = true
                    output.actions.append(.emit(.servedStale(generation: current.token.generation)))
                }
            }
            return .token(current.token)
        }
        // Held back: answered from memory, whether or not a cancelled exchange is still winding down. (While an
        // exchange runs, every hold-back has already passed: none starts before.)
        if let permanentFailure, now < permanentFailure.until { return .fail(permanentFailure.error) }
        if let backoffUntil, now < backoffUntil {
            var error = lastTransientFailure ?? AuthError(.transient)
            error.retryAfter = backoffUntil - now
            return .fail(error)
        }
        if let circuitOpenUntil, now < circuitOpenUntil {
            return .fail(circuitOpenError(retryAfter: circuitOpenUntil - now))
        }
        if case .cancelling(_, overdue: true) = exchange { return .fail(overdueError) }
        if exchange == nil {
            let cause: RefreshCause
            switch (current, kind) {
            case (nil, _): cause = .initial
            case (_, .rejection(let rejected)): cause = .rejected(rejected)
            case (.some(let current), .request): cause = current.rejected ? .rejected(current.token.generation) : .expired
            }
            guard tripCircuitIfNeeded(now: now, output: &output) else {
                return .fail(circuitOpenError(retryAfter: policy.circuitBreaker.openDuration))
            }
            start(cause: cause, now: now, output: &output)
        }
        nextWaiter += 1
        let id = WaiterID(rawValue: nextWaiter)
        waiters[id] = kind
        return .wait(id)
    }

    /// Whether backoff, a remembered permanent failure or an open circuit holds refreshes back now.
    private func isHeldBack(now: AuthInstant) -> Bool {
        if let backoffUntil, now < backoffUntil { return true }
        if let permanentFailure, now < permanentFailure.until { return true }
        if let proactiveHeldUntil, now < proactiveHeldUntil { return true }
        if let circuitOpenUntil, now < circuitOpenUntil { return true }
        return false
    }

    /// Whether another exchange may start under the loop breaker: completed exchanges that started within the
    /// window are counted (a cancelled one never completed, so a healthy slow exchange whose callers all left does
    /// not count); opens the circuit and returns `false` when the limit is reached.
    private mutating func tripCircuitIfNeeded(now: AuthInstant, output: inout Output) -> Bool {
        let breaker = policy.circuitBreaker
        refreshStarts.removeAll { $0 <= now - breaker.window }
        guard refreshStarts.count < breaker.maximumRefreshes else {
            circuitOpenUntil = now + breaker.openDuration
            refreshStarts.removeAll()
            output.actions.append(.emit(.circuitOpened(openFor: breaker.openDuration)))
            return false
        }
        return true
    }

    private mutating func start(cause: RefreshCause, now: AuthInstant, output: inout Output) {
        nextRefresh += 1
        let id = RefreshID(rawValue: nextRefresh)
        exchange = .running(Refresh(id: id, cause: cause, startedAt: now))
        output.actions.append(.startRefresh(id, cause))
        output.actions.append(.emit(.refreshStarted(cause: cause)))
    }

    private func circuitOpenError(retryAfter: Duration) -> AuthError {
        AuthError(.circuitOpen, retryAfter: retryAfter, detail: "too many refreshes; failing fast")
    }
}

/// xoshiro256** seeded through SplitMix64: a small deterministic generator for jitter.
private struct Xoshiro: Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        var mix = seed
        func next() -> UInt64 {
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    /// A uniform number in `0..<1`.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
