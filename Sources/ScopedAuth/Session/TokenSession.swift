package import Foundation

/// Owns one credential's token: hands it out, refreshes it once for any number of callers, and reports what it
/// does.
///
/// `TokenSession` is the session engine of ScopedAuth. Its guarantees:
/// - **Single flight**: concurrent callers that need a token cause at most one credential exchange at a time, as
///   the service sees it: a cancelled or timed-out exchange holds the slot until it has stopped.
/// - **Two margins**: inside the soft margin the token is still handed out while one background refresh runs;
///   inside the hard margin it never is. The refresh moment is jittered.
/// - **Classified failures**: transient failures keep a still-valid token in service and back off; permanent ones
///   surface at once, remembered only briefly. No error is sticky.
/// - **A loop breaker**: too many refreshes in a window open a circuit that fails fast.
/// - **Cancellation**: a cancelled caller leaves at once; the refresh goes on for the others and is cancelled
///   only when nobody waits. A caller's deadline bounds its wait, not the refresh, which has its own timeout.
///   Cancelled refreshes do not count toward the loop breaker.
/// - **Any token**: any non-empty token string is usable; expiry comes from what the service states, else its
///   documented lifetime, else the token is used until rejected (see ``TokenExpiry``).
/// - **401 handling**: ``replacement(afterRejectionOf:)`` refreshes once per rejected generation and answers a
///   rejection of an older generation with the current token.
/// - **Clock safety**: expiry becomes a monotonic deadline at receipt, corrected by the service's `Date` header.
/// - **A cheap hot path**: a fresh token is read under a lock without an actor hop.
/// - **Events**: ``events(bufferSize:)`` streams what happened, without secrets.
///
/// ```swift
/// let session = TokenSession(exchange: MyExchange(), clock: SystemAuthClock())
/// let token = try await session.token()
/// ```
public actor TokenSession: TokenSource {
    private let exchanger: any CredentialExchange
    /// The clock every deadline of this session refers to.
    public nonisolated let clock: any AuthClock
    /// The service and credential this session belongs to, for logs, metrics and traces; never a secret.
    public nonisolated let label: SessionLabel
    private var machine: RefreshMachine
    private let snapshot: LockedValue<RefreshMachine.FastPath?>
    private let hub = EventHub()
    /// The continuations of parked callers, shared with their cancellation handlers (one lock per session, no
    /// allocation per caller).
    private let parking = ParkingLot()
    private var refreshTask: (id: RefreshID, task: Task<Void, Never>)?
    /// The session's side of its ``TokenStore``, if it has one: its refreshes go through the store.
    private let storeParticipant: TokenStoreParticipant?

    /// Creates a session that obtains tokens through `exchange`.
    ///
    /// No exchange happens until the first token is requested.
    ///
    /// With a `store`, the first request loads the credential's stored token (a valid one costs no exchange), and
    /// every refresh goes through the store's lease: one process of a fleet exchanges, the others take its token
    /// (see <doc:PersistingTokens>). The store is never read on the hot path, and when it fails or is slow the
    /// session exchanges on its own and emits ``AuthEvent/storeFallback(_:)``.
    ///
    /// - Parameters:
    ///   - exchange: How to turn the credential into a token.
    ///   - policy: Margins, timeouts, backoff and the loop breaker.
    ///   - clock: The clock for deadlines, sleeps and reading expiry claims.
    ///   - label: The service and a non-secret name of the credential, carried by ``labeledEvents(bufferSize:)``.
    ///   - store: Where the credential's token is shared with other processes and later runs; `nil` for none.
    public init(
        exchange: any CredentialExchange, policy: RefreshPolicy = .default, clock: any AuthClock = SystemAuthClock(),
        label: SessionLabel = .unlabeled, store: TokenStoreBinding? = nil
    ) {
        exchanger = exchange
        self.clock = clock
        self.label = label
        machine = RefreshMachine(policy: policy)
        snapshot = LockedValue(nil)
        storeParticipant = store.map { TokenStoreParticipant(binding: $0, policy: policy, clock: clock) }
    }

    // MARK: Handing out tokens

    /// A token to send now, refreshing first if needed.
    ///
    /// A fresh token is returned without suspending on the actor. Otherwise the caller joins the one refresh in
    /// flight (or starts it).
    ///
    /// - Throws: ``AuthError`` when the refresh fails, the circuit is open or the session shut down;
    ///   `CancellationError` at once when the calling task is cancelled while waiting.
    public nonisolated func token() async throws -> AccessToken {
        if let token = freshToken() { return token }
        switch try await requestAdmission() {
        case .token(let token): return token
        case .wait(let id): return try await park(id)
        }
    }

    /// A token to send now, waiting at most until `deadline` for a refresh.
    ///
    /// The deadline bounds this caller's wait only; the refresh continues for others and for later calls.
    ///
    /// - Throws: ``AuthError`` of kind ``AuthError/Kind/timeout`` when the deadline passes first.
    public nonisolated func token(deadline: AuthInstant) async throws -> AccessToken {
        if let token = freshToken() { return token }
        switch try await requestAdmission() {
        case .token(let token): return token
        case .wait(let id): return try await park(id, deadline: deadline)
        }
    }

    /// A token to send now, waiting at most `timeout` for a refresh.
    public nonisolated func token(timeout: Duration) async throws -> AccessToken {
        try await token(deadline: clock.now + timeout)
    }

    /// The current token if it may be handed out without any decision, read under a lock (no actor hop).
    ///
    /// It reads the clock's ``AuthClock/approximateNow``: a token may be handed out here for at most one clock tick
    /// past the moment a precise reading would have sent the caller to the actor, far inside the hard margin.
    public nonisolated func freshToken() -> AccessToken? {
        let now = clock.approximateNow
        return snapshot.withLock { fastPath in
            guard let fastPath, fastPath.until.map({ now < $0 }) ?? true else { return nil }
            return fastPath.token
        }
    }

    /// The token to replay a request with after the service rejected the token of `generation`.
    ///
    /// A rejection of the current generation causes one refresh, shared by every request rejected with it; a
    /// rejection of an older generation is answered with the current token and causes no refresh.
    public nonisolated func replacement(afterRejectionOf generation: TokenGeneration) async throws -> AccessToken? {
        switch try await rejectionAdmission(generation) {
        case nil: return nil
        case .token(let token): return token
        case .wait(let id): return try await park(id)
        }
    }

    /// Applies the exchange's way of putting a token on a request.
    public nonisolated func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
        exchanger.authorize(&request, with: token)
    }

    /// Applies the exchange's test for "this token is not accepted".
    public nonisolated func isTokenRejected(_ response: HTTPResponse) -> Bool {
        exchanger.isTokenRejected(response)
    }

    /// Stops the session: waiters fail with ``AuthError/Kind/shutdown``, the refresh is cancelled, event streams
    /// finish, and every later request fails.
    public func shutdown() {
        execute(machine.shutdown())
        hub.finishAll()
    }

    // A session dropped without `shutdown()` still ends its consumers' event streams. (Nobody can be parked: a
    // parked caller and a running refresh both hold the session.)
    deinit {
        hub.finishAll()
    }

    /// A new stream of this session's events. Each call returns an independent stream; it ends at ``shutdown()``
    /// (a stream asked for after `shutdown()` is already finished) or when the session is released.
    ///
    /// - Parameter bufferSize: How many events to keep for a slow reader before dropping the oldest.
    public nonisolated func events(bufferSize: Int = 1_000) -> AsyncStream<AuthEvent> {
        hub.subscribe(bufferSize: bufferSize)
    }

    /// The number of callers parked waiting for a refresh (for tests and diagnostics).
    public var waitingCallers: Int { machine.waiterCount }

    /// Whether a credential exchange is in flight at the service, including one that was cancelled (its callers
    /// left or its timeout fired) and has not stopped yet (for tests and diagnostics).
    public var isRefreshing: Bool { machine.isRefreshing }

    // MARK: Slow path

    /// What a caller does after the machine's decision: use a token now or park (a decided error is thrown).
    ///
    /// Smaller than ``RefreshMachine/Decision`` (no error inline): it lives in every waiting caller's async frame,
    /// and a frame that outgrows the task's first allocator slab costs a `malloc` per caller.
    private enum Admission {
        case token(AccessToken)
        case wait(WaiterID)
    }

    /// The machine's decision for a caller who needs a token (one hop onto the actor).
    private func requestAdmission() throws -> Admission {
        try Task.checkCancellation()
        // A request always gets a token or an error, never `nil`.
        guard let admission = try admit(machine.requestToken(now: clock.now)) else { throw AuthError(.shutdown) }
        return admission
    }

    /// The machine's decision for a caller whose token of `generation` was rejected (one hop onto the actor).
    private func rejectionAdmission(_ generation: TokenGeneration) throws -> Admission? {
        try Task.checkCancellation()
        return try admit(machine.tokenRejected(generation: generation, now: clock.now))
    }

    /// Executes `output` and turns its decision into an admission, throwing a decided error.
    ///
    /// Parking happens off the actor, so a resumed caller does not hop back onto it: a storm of callers costs one
    /// actor turn each, to park.
    private func admit(_ output: RefreshMachine.Output) throws -> Admission? {
        execute(output)
        switch output.decision {
        case nil: return nil
        case .token(let token): return .token(token)
        case .wait(let id): return .wait(id)
        case .fail(let error): throw error
        }
    }

    /// Parks until the machine resumes the caller `id`, or until `deadline`, whichever comes first.
    private nonisolated func park(_ id: WaiterID, deadline: AuthInstant) async throws -> AccessToken {
        let timer = Task { [clock] in
            do { try await clock.sleep(until: deadline) } catch { return }
            await self.waiterTimedOut(id)
        }
        defer { timer.cancel() }
        return try await park(id)
    }

    /// Parks until the machine resumes the caller `id`; leaves at once with `CancellationError` when cancelled.
    private nonisolated func park(_ id: WaiterID) async throws -> AccessToken {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                parking.install(continuation, for: id)
                // Cancelled before the continuation was installed: the handler found nothing to resume.
                if Task.isCancelled { leave(id) }
            }
        } onCancel: {
            leave(id)
        }
    }

    /// The caller `id` leaves at once, cancelled; the machine hears of it afterwards so it can cancel a refresh
    /// nobody waits for.
    private nonisolated func leave(_ id: WaiterID) {
        if parking.leave(id) {
            Task { await self.waiterLeft(id, cancelled: true) }
        }
    }

    private func waiterTimedOut(_ id: WaiterID) {
        guard machine.isWaiting(id) else { return }
        if parking.decide(id, .failure(AuthError(.timeout, detail: "deadline passed while waiting for a token"))) {
            waiterLeft(id, cancelled: false)
        }
    }

    private func waiterLeft(_ id: WaiterID, cancelled: Bool) {
        if cancelled { parking.forget(id) }
        execute(machine.waiterLeft(id, cancelled: cancelled, now: clock.now))
    }

    // MARK: Executing actions

    private func execute(_ output: RefreshMachine.Output) {
        for action in output.actions {
            switch action {
            case .startRefresh(let id, _):
                startRefresh(id)
            case .cancelRefresh(let id):
                if let refreshTask, refreshTask.id == id { refreshTask.task.cancel() }
            case .resume(let ids, let result):
                parking.resume(ids, with: result.mapError { $0 as any Error })
            case .emit(let event):
                hub.publish(event)
            }
        }
        let fastPath = machine.fastPath
        snapshot.withLock { $0 = fastPath }
    }

    private func startRefresh(_ id: RefreshID) {
        let observed = ExchangeObserver.observing(exchanger, label: label)
        let exchanger = storeParticipant.map { $0.exchange(around: observed, events: hub) } ?? observed
        refreshTask = (id, launch(id, exchanger: exchanger, clock: clock, timeout: machine.policy.refreshTimeout))
    }

    /// The priority of the credential exchange's task.
    ///
    /// Every waiting caller depends on the exchange, but waiters park on continuations, so the runtime cannot
    /// escalate the exchange's priority for them as it would for a task they awaited. At the caller's priority the
    /// exchange would start only after every job already queued on the executor: in a storm, after every other
    /// rejected or waiting request has been processed (1,000 of them took 1–2 ms here before the exchange began,
    /// with both cores otherwise idle for its 20 ms afterwards). It is one short task, so it runs high.
    ///
    /// Only the exchange: its timeout and the task that reports to the session (and so resumes the waiters) keep
    /// the caller's priority. Resuming waiters from a thread of another priority's pool makes a resumption land
    /// more often between a waiter's installing its continuation and its suspending, which is legal, but the Swift
    /// 6.3 runtime does not tell ThreadSanitizer about that path, so it would report a race in our tests and in
    /// our users' (it did, once in three runs, when all three tasks ran high).
    private static let exchangePriority = TaskPriority.high

    /// Starts exchange `id`, its timeout and the task that drives them, none of them on the actor.
    ///
    /// The exchange is enqueued first, directly on the global executor at ``exchangePriority``: a task created on
    /// the actor would first wait behind the callers queued there. Created in this nonisolated function, the tasks
    /// still inherit the caller's task-local values (an ``ExchangeObserver``'s tracing context).
    private nonisolated func launch(
        _ id: RefreshID, exchanger: any CredentialExchange, clock: any AuthClock, timeout: Duration
    ) -> Task<Void, Never> {
        let outcome = FirstResult<Phase>()
        let ended = FirstResult<Bool>()
        let work = Task(priority: Self.exchangePriority) { () -> Result<IssuedToken, any Error> in
            let result: Result<IssuedToken, any Error>
            do { result = .success(try await exchanger.exchange()) } catch { result = .failure(error) }
            outcome.offer(.ended(result))
            ended.offer(true)
            return result
        }
        let timer = Task {
            do { try await clock.sleep(for: timeout) } catch { return }
            outcome.offer(.timedOut)
        }
        return Task {
            await self.drive(
                id, work: work, timer: timer, outcome: outcome, ended: ended, clock: clock, timeout: timeout)
        }
    }

    /// Drives exchange `id` and reports every phase of it to the machine: its outcome, its timeout, a cancellation
    /// it ignores for too long, and finally its end, because only its end frees the way for another exchange.
    ///
    /// The exchange and the timers race in unstructured tasks: an exchange that ignores cancellation (a transport
    /// stuck in a read) must not hold its waiters past the timeout, as a task group waiting for it would.
    private nonisolated func drive(
        _ id: RefreshID, work: Task<Result<IssuedToken, any Error>, Never>, timer: Task<Void, Never>,
        outcome: FirstResult<Phase>, ended: FirstResult<Bool>, clock: any AuthClock, timeout: Duration
    ) async {
        let phase = await withTaskCancellationHandler {
            await outcome.value()
        } onCancel: {
            outcome.offer(.cancelled)
        }
        timer.cancel()
        switch phase {
        case .ended(let result):
            await refreshEnded(id, result)
            return
        case .timedOut:
            await refreshTimedOut(id)
        case .cancelled:
            break
        }
        // Cancelled (by the machine or by the timeout): wait for the exchange to stop, so that the next one never
        // overlaps it; tell the machine if it ignores the cancellation for a whole timeout.
        work.cancel()
        let overdue = Task {
            do { try await clock.sleep(for: timeout) } catch { return }
            ended.offer(false)
        }
        if await !ended.value() { await cancellationOverdue(id) }
        overdue.cancel()
        await refreshEnded(id, await work.value)
    }

    private enum Phase: Sendable {
        case ended(Result<IssuedToken, any Error>)
        case timedOut
        case cancelled
    }

    private func refreshTimedOut(_ id: RefreshID) {
        execute(machine.refreshTimedOut(id, now: clock.now))
    }

    private func cancellationOverdue(_ id: RefreshID) {
        execute(machine.cancellationOverdue(id, now: clock.now))
    }

    private func refreshEnded(_ id: RefreshID, _ result: Result<IssuedToken, any Error>) {
        if refreshTask?.id == id { refreshTask = nil }
        let now = clock.now
        switch result {
        case .success(let issued):
            do {
                let received = try issued.received(wallClockNow: clock.wallClockNow)
                execute(machine.refreshSucceeded(id, token: received, now: now))
            } catch {
                execute(machine.refreshFailed(id, error: error, now: now))
            }
        case .failure(let error):
            // A `CancellationError` the session did not ask for (the exchange's own task machinery, a transport
            // that reports a closed connection that way) is a transient failure like any other; after a
            // cancellation the session did ask for, the machine only takes it as the exchange's end.
            let failure = error is CancellationError
                ? AuthError(.transient, detail: "the credential exchange was cancelled by something else")
                : AuthError.classifying(error)
            execute(machine.refreshFailed(id, error: failure, now: now))
        }
    }
}

/// The continuations of one session's parked callers, each resumed exactly once: by the session, by its own
/// cancellation or by its deadline, whichever comes first.
///
/// A caller learns it must wait on the actor and installs its continuation off the actor, so the session may
/// decide a caller's outcome before its continuation arrives: the outcome is then kept until it does.
private final class ParkingLot: Sendable {
    private enum Slot {
        /// Installed, not resumed yet.
        case parked(UnsafeContinuation<AccessToken, any Error>)
        /// Decided before the continuation was installed; handed over at installation.
        case decided(Result<AccessToken, any Error>)
        /// Left by cancellation; removed when the actor hears of it, so that a resumption meanwhile is ignored.
        case left
    }

    // Every continuation enters and leaves this dictionary under its lock, and is resumed only by whoever removed
    // it: so each `UnsafeContinuation` is resumed exactly once.
    private let slots = LockedValue<[WaiterID: Slot]>([:])

    /// Installs `continuation` for `id`, resuming it at once if its outcome was already decided.
    func install(_ continuation: UnsafeContinuation<AccessToken, any Error>, for id: WaiterID) {
        let decided: Result<AccessToken, any Error>? = slots.withLock { slots in
            if case .decided(let outcome) = slots[id] {
                slots[id] = nil
                return outcome
            }
            slots[id] = .parked(continuation)
            return nil
        }
        if let decided { continuation.resume(with: decided) }
    }

    /// Resumes every caller of `ids` still parked with `outcome`; one not yet installed gets it at installation.
    func resume(_ ids: [WaiterID], with outcome: Result<AccessToken, any Error>) {
        let continuations = slots.withLock { slots in
            var continuations: [UnsafeContinuation<AccessToken, any Error>] = []
            continuations.reserveCapacity(ids.count)
            for id in ids {
                switch slots.removeValue(forKey: id) {
                case .parked(let continuation): continuations.append(continuation)
                case .left: slots[id] = .left
                case .decided(let earlier): slots[id] = .decided(earlier)
                case nil: slots[id] = .decided(outcome)
                }
            }
            return continuations
        }
        for continuation in continuations { continuation.resume(with: outcome) }
    }

    /// Decides the outcome of the waiting caller `id` (the session knows it still waits); `false` if it had left.
    func decide(_ id: WaiterID, _ outcome: Result<AccessToken, any Error>) -> Bool {
        let (decided, continuation) = slots.withLock { slots -> (Bool, UnsafeContinuation<AccessToken, any Error>?) in
            switch slots.removeValue(forKey: id) {
            case .parked(let continuation): return (true, continuation)
            case nil:
                slots[id] = .decided(outcome)
                return (true, nil)
            case .left:
                slots[id] = .left
                return (false, nil)
            case .decided(let earlier):
                slots[id] = .decided(earlier)
                return (false, nil)
            }
        }
        continuation?.resume(with: outcome)
        return decided
    }

    /// Resumes the installed caller `id` with `CancellationError`; `false` if it was not parked.
    func leave(_ id: WaiterID) -> Bool {
        let continuation = slots.withLock { slots -> UnsafeContinuation<AccessToken, any Error>? in
            guard case .parked(let continuation) = slots[id] else { return nil }
            slots[id] = .left
            return continuation
        }
        continuation?.resume(throwing: CancellationError())
        return continuation != nil
    }

    /// Forgets the caller `id` that left by cancellation.
    func forget(_ id: WaiterID) {
        slots.withLock { slots in
            if case .left = slots[id] { slots[id] = nil }
        }
    }
}

extension IssuedToken {
    /// Turns the service's statement of expiry into durations at receipt, measured on the service's clock when
    /// its `Date` header is known, so that a skewed local clock does not shorten or stretch the token's life.
    package func received(wallClockNow: Date) throws(AuthError) -> ReceivedToken {
        guard !value.revealed.isEmpty else {
            throw AuthError(.malformedResponse, detail: "the service answered an empty token")
        }
        let reference = serverDate ?? wallClockNow
        let skew = serverDate.map { Duration.clampedSeconds(wallClockNow.timeIntervalSince($0)) }
        switch expiry.storage {
        case .never:
            return ReceivedToken(value: value, remaining: nil, skew: skew)
        case .after(let lifetime):
            return ReceivedToken(value: value, remaining: lifetime, skew: skew)
        case .at(let date):
            return ReceivedToken(value: value, remaining: .clampedSeconds(date.timeIntervalSince(reference)), skew: skew)
        case .stored(let date, let lifetime):
            let remaining = Duration.clampedSeconds(date.timeIntervalSince(reference))
            return ReceivedToken(value: value, remaining: remaining, lifetime: lifetime, skew: skew)
        case .fromJWT(let fallback):
            // Not a JWT, or no readable `exp`: a token of unknown expiry, never a reason to throw it away.
            guard let claims = try? JWTClaims(token: value.revealed), let expiresAt = claims.expiresAt else {
                return ReceivedToken(value: value, remaining: fallback, skew: skew)
            }
            let remaining = Duration.clampedSeconds(expiresAt.timeIntervalSince(reference))
            let lifetime = claims.issuedAt.map { Duration.clampedSeconds(expiresAt.timeIntervalSince($0)) }
            return ReceivedToken(value: value, remaining: remaining, lifetime: lifetime, skew: skew)
        }
    }
}

extension AuthError {
    /// Any error as an `AuthError`: an `AuthError` as is, anything else (a transport failure) as transient.
    ///
    /// Only the error's type is kept, never its description, which could contain a URL with credentials.
    package static func classifying(_ error: any Error, service: String? = nil) -> AuthError {
        if let error = error as? AuthError { return error }
        return transportFailure(error, reaching: nil, service: service)
    }
}
