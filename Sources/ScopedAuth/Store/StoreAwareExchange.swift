import Foundation

/// A session's side of a ``TokenStore``: the exchange step that a ``TokenSession`` with a store runs instead of
/// the bare credential exchange.
///
/// The step runs inside the session's refresh (so its timeout, cancellation and loop breaker apply to it): load
/// the stored token before the session's first exchange; otherwise claim the refresh lease replacing the fleet
/// generation of the session's current token; exchange and publish when acquired, use the stored token when
/// superseded, wait for the holder's token when held. Any store failure, or a store call slower than
/// ``TokenStoreBinding/operationTimeout``, falls back to a plain exchange (static stability).
///
/// Generations: the session numbers the tokens it receives (``TokenGeneration``, 1, 2, …) whether they come from
/// an exchange or from the store; the store numbers the credential's tokens fleet-wide (``StoredToken/generation``).
/// This participant remembers the fleet generation of the last token it handed the session: the session runs one
/// refresh at a time and each refresh replaces its current token, so a refresh (after expiry or after a rejection
/// of the current local generation) claims the lease with `replacing:` that fleet generation. A token exchanged in
/// a fallback and not published keeps the fleet generation it was meant to replace, so the next refresh prefers a
/// token the fleet stored meanwhile.
final class TokenStoreParticipant: Sendable {
    let binding: TokenStoreBinding
    private let policy: RefreshPolicy
    private let clock: any AuthClock
    /// The fleet generation of the token last handed to the session; `nil` before the first one (load first).
    private let fleetGeneration = LockedValue<UInt64?>(nil)

    init(binding: TokenStoreBinding, policy: RefreshPolicy, clock: any AuthClock) {
        self.binding = binding
        self.policy = policy
        self.clock = clock
    }

    /// The fleet generation of the session's current token, if it came from or went to the store (for tests).
    var currentFleetGeneration: UInt64? { fleetGeneration.withLock { $0 } }

    /// `base` wrapped so that the session's refresh goes through the store.
    func exchange(around base: any CredentialExchange, events: EventHub) -> any CredentialExchange {
        StoreAwareExchange(base: base, participant: self, events: events)
    }

    /// The store-aware refresh: a token from the store when one newer than the session's supersedes it, else an
    /// exchange under the fleet's lease, else (the store failing) a plain exchange.
    func refresh(through base: any CredentialExchange, events: EventHub) async throws -> IssuedToken {
        let known = fleetGeneration.withLock { $0 }
        do {
            return try await refreshThroughStore(base, replacing: known, events: events)
        } catch let failure as StoreFailure {
            events.publish(.storeFallback(failure.error))
            let issued = try await base.exchange()
            await publishAfterFallback(issued, failure: failure.error, replacing: failure.replacing, events: events)
            return issued
        }
    }

    // MARK: The protocol

    /// A store call failed or took too long; `replacing` is the fleet generation the refresh meant to replace.
    private struct StoreFailure: Error {
        var error: TokenStoreError
        var replacing: UInt64?
    }

    private func refreshThroughStore(
        _ base: any CredentialExchange, replacing known: UInt64?, events: EventHub
    ) async throws -> IssuedToken {
        let store = binding.store
        let key = binding.key
        var replacing = known
        if known == nil {
            // Before the session's first exchange: a valid stored token costs no exchange at all.
            if let stored = try await call("load", replacing: replacing, { try await store.load(key) }) {
                if let issued = adopt(stored, events: events) { return issued }
                replacing = stored.generation
            }
        }
        let started = clock.now
        // Each turn either returns or learns of a newer stored generation or a lapsed wait; a store that answers
        // nonsense forever is bounded by the session's refresh timeout and by `maximumWait`.
        while true {
            let claim = try await call("claim", replacing: replacing) { [replacing, binding] in
                try await store.claimRefresh(key, replacing: replacing, leaseDuration: binding.leaseDuration)
            }
            switch claim {
            case .superseded(let stored):
                if let issued = adopt(stored, events: events) { return issued }
                // Stored but expired (or about to): it is the one to replace.
                guard replacing.map({ stored.generation > $0 }) ?? true else {
                    throw StoreFailure(error: TokenStoreError(.corrupt, detail: "the store answered a superseding "
                        + "token that is not newer than the one to replace"), replacing: replacing)
                }
                replacing = stored.generation
            case .acquired(let lease):
                return try await exchangeAndPublish(base, lease: lease, replacing: replacing, events: events)
            case .held(let until):
                let budget = binding.maximumWait - (clock.now - started)
                guard budget > .zero else {
                    throw StoreFailure(error: TokenStoreError(.unavailable, detail: "another holder's refresh "
                        + "took longer than \(binding.maximumWait)"), replacing: replacing)
                }
                // Until the lease lapses (on the store's clock, read against ours), but at least a moment and at
                // most what is left of the budget.
                let leaseLeft = Duration.clampedSeconds(until.timeIntervalSince(clock.wallClockNow))
                let timeout = min(max(leaseLeft, .milliseconds(10)), budget)
                let waitStarted = clock.now
                let arrived = try await call("wait", replacing: replacing, extra: timeout) { [replacing] in
                    try await store.waitForToken(key, newerThan: replacing, timeout: timeout)
                }
                events.publish(.waitedForStoreHolder(fleetGeneration: arrived?.generation, waited: clock.now - waitStarted))
                if let arrived {
                    if let issued = usable(arrived) {
                        record(arrived.generation)
                        return issued
                    }
                    replacing = max(replacing ?? 0, arrived.generation)
                }
            }
        }
    }

    /// Exchanges under `lease` and publishes the token; the lease is released when the exchange fails.
    private func exchangeAndPublish(
        _ base: any CredentialExchange, lease: TokenLease, replacing: UInt64?, events: EventHub
    ) async throws -> IssuedToken {
        let issued: IssuedToken
        do {
            issued = try await base.exchange()
        } catch {
            releaseInBackground(lease)
            throw error
        }
        let now = clock.wallClockNow
        // A token the session will refuse (an empty one) is not published: the session fails the refresh.
        guard let token = stored(issued, generation: lease.nextGeneration, now: now) else {
            releaseInBackground(lease)
            return issued
        }
        let store = binding.store
        let key = binding.key
        let kept: StoredToken
        do {
            kept = try await call("publish", replacing: replacing) { try await store.publish(token, for: key, releasing: lease) }
        } catch let failure as StoreFailure {
            // The token is good; only sharing it failed. It keeps the generation it replaced (see the type's notes).
            events.publish(.storeFallback(failure.error))
            record(replacing)
            return issued
        } catch {
            // Cancelled while publishing: the token is still good for the session.
            record(replacing)
            return issued
        }
        // Compared by value, not generation alone: when our lease lapsed mid-exchange, another holder may have
        // published the same generation first, and the fleet must converge on that one token, not keep two.
        if kept.generation != token.generation || kept.value != token.value, let newer = adopt(kept, events: events) {
            // Another holder stored a newer token (or the same generation) first: the fleet converges on it.
            return newer
        }
        record(token.generation)
        events.publish(.tokenPublished(fleetGeneration: token.generation))
        return issued
    }

    /// After a fallback exchange: a store that answered but held an unreadable record, or whose lease was lost, is
    /// healed by publishing over it; an unreachable or slow store is left alone (the session has waited enough).
    private func publishAfterFallback(
        _ issued: IssuedToken, failure: TokenStoreError, replacing: UInt64?, events: EventHub
    ) async {
        guard failure.kind != .unavailable else { return record(replacing) }
        let now = clock.wallClockNow
        guard let token = stored(issued, generation: (replacing ?? 0) &+ 1, now: now) else { return }
        let store = binding.store
        let key = binding.key
        if let kept = try? await call("publish", replacing: replacing, {
            try await store.publish(token, for: key, releasing: nil)
        }), kept.generation == token.generation, kept.value == token.value {
            record(token.generation)
            events.publish(.tokenPublished(fleetGeneration: token.generation))
        } else {
            record(replacing)
        }
    }

    // MARK: Helpers

    /// The stored token as the session should take it, or `nil` when it must not be served: empty, expired, or
    /// already inside its hard margin on our wall clock.
    private func usable(_ stored: StoredToken) -> IssuedToken? {
        guard !stored.value.isEmpty else { return nil }
        guard let expiresAt = stored.expiresAt else { return IssuedToken(value: stored.value, expiry: .never) }
        let remaining = Duration.clampedSeconds(expiresAt.timeIntervalSince(clock.wallClockNow))
        let lifetime = max(Duration.clampedSeconds(expiresAt.timeIntervalSince(stored.issuedAt)), remaining)
        guard remaining > policy.margins(for: lifetime).hard else { return nil }
        return IssuedToken(value: stored.value, expiry: TokenExpiry(storage: .stored(expiresAt: expiresAt, lifetime: lifetime)))
    }

    /// Hands the session `stored` if it may be served, recording its fleet generation and saying so in an event.
    private func adopt(_ stored: StoredToken, events: EventHub) -> IssuedToken? {
        guard let issued = usable(stored) else { return nil }
        record(stored.generation)
        events.publish(.tokenLoadedFromStore(fleetGeneration: stored.generation))
        return issued
    }

    /// `issued` as the store keeps it, as fleet generation `generation`, its expiry on the wall clock read `now`;
    /// `nil` when the token cannot be received (empty).
    private func stored(_ issued: IssuedToken, generation: UInt64, now: Date) -> StoredToken? {
        guard let received = try? issued.received(wallClockNow: now) else { return nil }
        return StoredToken(value: issued.value, generation: generation,
                           expiresAt: received.remaining.map { now.addingTimeInterval($0.seconds) }, issuedAt: now)
    }

    private func record(_ generation: UInt64?) {
        fleetGeneration.withLock { $0 = generation }
    }

    private func releaseInBackground(_ lease: TokenLease) {
        let store = binding.store
        Task { try? await store.release(lease) }
    }

    /// Runs one store call bounded by the operation timeout (plus `extra` for a wait): a store error or a slow
    /// store becomes a ``StoreFailure``; cancellation of the refresh stays a `CancellationError`.
    ///
    /// The call runs in a task of its own so that a store ignoring cancellation cannot hold the refresh past the
    /// bound.
    private func call<Value: Sendable>(
        _ operation: String, replacing: UInt64?, extra: Duration = .zero,
        _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let bound = binding.operationTimeout + extra
        let race = FirstResult<Result<Value, any Error>>()
        let work = Task {
            do { race.offer(.success(try await body())) } catch { race.offer(.failure(error)) }
        }
        let timer = Task { [clock] in
            do { try await clock.sleep(for: bound) } catch { return }
            race.offer(.failure(TokenStoreError(.unavailable, detail: "store \(operation) took longer than \(bound)")))
        }
        let result = await withTaskCancellationHandler {
            await race.value()
        } onCancel: {
            race.offer(.failure(CancellationError()))
        }
        work.cancel()
        timer.cancel()
        switch result {
        case .success(let value):
            return value
        case .failure(let error as CancellationError):
            if Task.isCancelled { throw error }
            throw StoreFailure(error: TokenStoreError(.unavailable, detail: "store \(operation) was cancelled"),
                               replacing: replacing)
        case .failure(let error as TokenStoreError):
            throw StoreFailure(error: error, replacing: replacing)
        case .failure(let error):
            // Only the error's type: a store's own error could describe a connection string.
            throw StoreFailure(error: TokenStoreError(.unavailable, detail: "store \(operation) failed: \(type(of: error))"),
                               replacing: replacing)
        }
    }
}

/// The exchange a session with a store runs: ``TokenStoreParticipant/refresh(through:events:)`` around the
/// credential exchange.
private struct StoreAwareExchange: CredentialExchange {
    let base: any CredentialExchange
    let participant: TokenStoreParticipant
    let events: EventHub

    func exchange() async throws -> IssuedToken {
        try await participant.refresh(through: base, events: events)
    }

    func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
        base.authorize(&request, with: token)
    }

    func isTokenRejected(_ response: HTTPResponse) -> Bool {
        base.isTokenRejected(response)
    }
}
