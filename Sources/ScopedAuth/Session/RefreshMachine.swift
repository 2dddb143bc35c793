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

    package let policy: RefreshPolicy
    private var random: Xoshiro
    private var current: Current?
    private var refresh: Refresh?
    private var waiters: [WaiterID: WaiterKind] = [:]
    private var nextWaiter: UInt64 = 0
    private var nextRefresh: UInt64 = 0
    private var consecutiveFailures = 0
    private var backoffUntil: AuthInstant?
    private var lastTransientFailure: AuthError?
    private var permanentFailure: (error: AuthError, until: AuthInstant)?
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
    /// Whether a credential exchange is in flight.
    package var isRefreshing: Bool { refresh != nil }
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
        if refresh != nil { until = current.hardDeadline ?? soft }
        for holdBack in [backoffUntil, permanentFailure?.until, circuitOpenUntil].compactMap({ $0 }) where holdBack > soft {
            until = max(until, min(holdBack, current.hardDeadline ?? holdBack))
        }
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
    package mutating func refreshSucceeded(_ id: RefreshID, token received: ReceivedToken, now: AuthInstant) -> Output {
        var output = Output()
        guard let refresh, refresh.id == id else { return output }
        self.refresh = nil
        consecutiveFailures = 0
        backoffUntil = nil
        lastTransientFailure = nil
        permanentFailure = nil
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
        for case (_, .rejection(let rejected)) in resumed {
            output.actions.append(.emit(.unauthorizedReplayed(rejected: rejected, replacement: generation)))
        }
        if !resumed.isEmpty {
            output.actions.append(.resume(Array(resumed.keys), .success(token)))
        }
        return output
    }

    /// The exchange `id` failed.
    package mutating func refreshFailed(_ id: RefreshID, error: AuthError, now: AuthInstant) -> Output {
        var output = Output()
        guard let refresh, refresh.id == id else { return output }
        self.refresh = nil
        var retryAfter: Duration?
        if error.kind.isTransient {
            consecutiveFailures += 1
            var delay = policy.backoff.delay(attempt: consecutiveFailures, random: random.nextUnit())
            if let asked = error.retryAfter { delay = max(delay, asked) }
            backoffUntil = now + delay
            lastTransientFailure = error
            retryAfter = delay
        } else {
            permanentFailure = (error, now + policy.permanentFailureMemory)
        }
        let failed = Array(waiters.keys)
        waiters.removeAll()
        output.actions.append(.emit(.refreshFailed(kind: error.kind, waiters: failed.count, retryAfter: retryAfter)))
        if !failed.isEmpty { output.actions.append(.resume(failed, .failure(error))) }
        return output
    }

    /// A parked caller left: cancelled (`cancelled == true`) or past its own deadline.
    ///
    /// A refresh is cancelled when its last waiter is cancelled and no usable token would benefit from it; a
    /// deadline only bounds the caller's wait, never the refresh.
    package mutating func waiterLeft(_ id: WaiterID, cancelled: Bool, now: AuthInstant) -> Output {
        var output = Output()
        guard waiters.removeValue(forKey: id) != nil else { return output }
        if cancelled, waiters.isEmpty, let refresh, current.map({ !isUsable($0, now: now) }) ?? true {
            self.refresh = nil
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
        if let refresh {
            output.actions.append(.cancelRefresh(refresh.id))
            self.refresh = nil
        }
        let failed = Array(waiters.keys)
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
                if refresh == nil, !isHeldBack(now: now), tripCircuitIfNeeded(now: now, output: &output) {
                    start(cause: .proactive, now: now, output: &output)
                }
                if !current.servedStale {
                    self.current?.servedStale = true
                    output.actions.append(.emit(.servedStale(generation: current.token.generation)))
                }
            }
            return .token(current.token)
        }
        if refresh == nil {
            if let permanentFailure, now < permanentFailure.until { return .fail(permanentFailure.error) }
            if let backoffUntil, now < backoffUntil {
                var error = lastTransientFailure ?? AuthError(.transient)
                error.retryAfter = backoffUntil - now
                return .fail(error)
            }
            if let circuitOpenUntil, now < circuitOpenUntil {
                return .fail(circuitOpenError(retryAfter: circuitOpenUntil - now))
            }
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
        if let circuitOpenUntil, now < circuitOpenUntil { return true }
        return false
    }

    /// Counts a refresh start in the window; opens the circuit and returns `false` when the limit is reached.
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
        refresh = Refresh(id: id, cause: cause, startedAt: now)
        refreshStarts.append(now)
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
