import Foundation
public import ScopedAuth

/// A `TokenStore` in memory, shared by the sessions of one test as a fleet's database would be:
/// leases on an injected clock, waiters woken by a publish, and faults on demand.
///
/// ```swift
/// let clock = ManualClock()
/// let store = InMemoryTokenStore(clock: clock)
/// let binding = TokenStoreBinding(store: store, key: TokenStoreKey(rawValue: "k"))
/// let a = TokenSession(exchange: exchange, clock: clock, store: binding)
/// let b = TokenSession(exchange: exchange, clock: clock, store: binding)
/// // a and b together exchange once.
/// await store.inject(.unavailable) // every later call throws TokenStoreError.unavailable
/// ```
public actor InMemoryTokenStore: TokenStore {
    /// A fault the store shows on every call until cleared with ``inject(_:)`` and `nil`.
    public enum Fault: Sendable, Hashable {
        /// Every call throws `TokenStoreError.Kind.unavailable`.
        case unavailable
        /// Every call first sleeps this long on the store's clock (a slow database).
        case slow(Duration)
        /// Every call hangs until its task is cancelled (a database that stopped answering).
        case hang
        /// Every record reads as corrupt (`load`, `claimRefresh` and `waitForToken` throw
        /// `TokenStoreError.Kind.corrupt`) until a publish overwrites it.
        case corrupt
    }

    private struct Entry {
        var token: StoredToken?
        var lease: TokenLease?
    }

    private struct Waiter {
        var key: TokenStoreKey
        var newerThan: UInt64?
        var continuation: CheckedContinuation<StoredToken?, Never>
    }

    private let clock: any AuthClock
    private var entries: [TokenStoreKey: Entry] = [:]
    private var waiters: [UInt64: Waiter] = [:]
    private var nextID: UInt64 = 0
    private var fault: Fault?

    /// How many times each operation was called (for tests): `load`, `claim`, `publish`, `release`, `wait`.
    public private(set) var calls: [String: Int] = [:]

    /// Creates an empty store whose leases run on `clock` (its wall clock decides lapses).
    public init(clock: any AuthClock) {
        self.clock = clock
    }

    /// Shows `fault` on every later call; `nil` heals the store.
    public func inject(_ fault: Fault?) {
        self.fault = fault
    }

    /// Puts `token` in the store for `key` directly, as another process (or an earlier run) would have.
    public func seed(_ token: StoredToken, for key: TokenStoreKey) {
        entries[key, default: Entry()].token = token
    }

    /// The token stored for `key`, bypassing faults (for assertions).
    public func storedToken(for key: TokenStoreKey) -> StoredToken? { entries[key]?.token }

    /// The lease held for `key`, lapsed or not, bypassing faults (for assertions).
    public func lease(for key: TokenStoreKey) -> TokenLease? { entries[key]?.lease }

    /// Every key the store has a record for (for assertions about what keys reveal).
    public var keys: [TokenStoreKey] { Array(entries.keys) }

    /// The number of callers waiting in ``waitForToken(_:newerThan:timeout:)``.
    public var waiterCount: Int { waiters.count }

    // MARK: TokenStore

    /// The stored token of `key`.
    public func load(_ key: TokenStoreKey) async throws -> StoredToken? {
        try await enter("load", readsRecord: true)
        return entries[key]?.token
    }

    /// Claims the lease of `key` unless a token newer than `generation` is stored or another holder's lease has
    /// not lapsed on the clock.
    public func claimRefresh(
        _ key: TokenStoreKey, replacing generation: UInt64?, leaseDuration duration: Duration
    ) async throws -> LeaseClaim {
        try await enter("claim", readsRecord: true)
        var entry = entries[key] ?? Entry()
        if let token = entry.token, token.generation > (generation ?? 0) { return .superseded(token) }
        let now = clock.wallClockNow
        if let lease = entry.lease, lease.expiresAt > now { return .held(until: lease.expiresAt) }
        nextID += 1
        let lease = TokenLease(
            key: key, holder: "memory-\(nextID)", nextGeneration: (entry.token?.generation ?? 0) + 1,
            expiresAt: now.addingTimeInterval(Double(duration.components.seconds)
                + Double(duration.components.attoseconds) / 1e18))
        entry.lease = lease
        entries[key] = entry
        return .acquired(lease)
    }

    /// Stores `token` if newer than the stored one, releases `lease` if it is still the holder's, wakes waiters.
    public func publish(_ token: StoredToken, for key: TokenStoreKey, releasing lease: TokenLease?) async throws
        -> StoredToken
    {
        try await enter("publish", readsRecord: false)
        if case .corrupt = fault { fault = nil }
        var entry = entries[key] ?? Entry()
        if let lease, entry.lease?.holder == lease.holder { entry.lease = nil }
        if let stored = entry.token, stored.generation >= token.generation {
            entries[key] = entry
            return stored
        }
        entry.token = token
        entries[key] = entry
        for (id, waiter) in waiters where waiter.key == key && token.generation > (waiter.newerThan ?? 0) {
            waiters[id] = nil
            waiter.continuation.resume(returning: token)
        }
        return token
    }

    /// Gives up `lease` if it is still the holder's.
    public func release(_ lease: TokenLease) async throws {
        try await enter("release", readsRecord: false)
        if entries[lease.key]?.lease?.holder == lease.holder { entries[lease.key]?.lease = nil }
    }

    /// Waits on the clock for a token newer than `generation`, at most `timeout`.
    public func waitForToken(_ key: TokenStoreKey, newerThan generation: UInt64?, timeout: Duration) async throws
        -> StoredToken?
    {
        try await enter("wait", readsRecord: true)
        if let token = entries[key]?.token, token.generation > (generation ?? 0) { return token }
        nextID += 1
        let id = nextID
        let timer = Task { [clock] in
            do { try await clock.sleep(for: timeout) } catch { return }
            self.finishWaiter(id)
        }
        defer { timer.cancel() }
        let token = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<StoredToken?, Never>) in
                // Cancelled before installing: the handler's hop found nothing to finish.
                if Task.isCancelled {
                    continuation.resume(returning: nil)
                    return
                }
                waiters[id] = Waiter(key: key, newerThan: generation, continuation: continuation)
            }
        } onCancel: {
            Task { await self.finishWaiter(id) }
        }
        try Task.checkCancellation()
        return token
    }

    // MARK: Faults

    private func finishWaiter(_ id: UInt64) {
        waiters.removeValue(forKey: id)?.continuation.resume(returning: nil)
    }

    private func enter(_ operation: String, readsRecord: Bool) async throws {
        calls[operation, default: 0] += 1
        switch fault {
        case nil: break
        case .unavailable: throw TokenStoreError(.unavailable, detail: "in-memory store made unavailable")
        case .slow(let delay): try await clock.sleep(for: delay)
        case .hang:
            try await clock.sleep(until: AuthInstant(nanosecondsSinceOrigin: .max))
        case .corrupt:
            if readsRecord { throw TokenStoreError(.corrupt, detail: "in-memory record made corrupt") }
        }
    }
}
