public import Foundation
public import ScopedAuth

/// A clock whose time moves only when a test says so, waking sleepers deterministically.
///
/// Both the SDK (through `AuthClock`) and the emulator can share one `ManualClock`, so a test can jump over a
/// token's lifetime in an instant. Sleepers whose deadline is reached are resumed in deadline order by
/// ``advance(by:)``; ``waitForSleepers(count:)`` lets a test wait until background work has parked on the clock.
///
/// ```swift
/// let clock = ManualClock()
/// let sleeper = Task { try await clock.sleep(for: .seconds(30)) }
/// await clock.waitForSleepers(count: 1)
/// clock.advance(by: .seconds(30))   // `sleeper` finishes
/// ```
public final class ManualClock: AuthClock, Sendable {
    private struct Sleeper {
        var id: UInt64
        var deadline: AuthInstant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = AuthInstant(nanosecondsSinceOrigin: 0)
        var wallClockOrigin: Date
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        var cancelledBeforeParking: Set<UInt64> = []
        var countWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: LockedValue<State>

    /// Creates a clock at instant zero whose wall clock starts at `wallClock`.
    ///
    /// - Parameter wallClock: The wall-clock time at instant zero; defaults to 2026-01-01T00:00:00Z so tests
    ///   are reproducible.
    public init(wallClock: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        state = LockedValue(State(wallClockOrigin: wallClock))
    }

    /// The current virtual instant.
    public var now: AuthInstant { state.withLock { $0.now } }

    /// The current virtual wall-clock time.
    public var wallClockNow: Date {
        state.withLock { $0.wallClockOrigin.addingTimeInterval(Double($0.now.nanosecondsSinceOrigin) / 1e9) }
    }

    /// The number of tasks currently sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline among current sleepers.
    public var nextDeadline: AuthInstant? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    /// Moves the wall clock by `offset` without moving monotonic time, as when a system clock is corrected.
    public func shiftWallClock(by offset: Duration) {
        state.withLock { $0.wallClockOrigin = $0.wallClockOrigin.addingTimeInterval(offset.timeInterval) }
    }

    /// Suspends until virtual time reaches `deadline`, or throws `CancellationError` if the task is cancelled.
    public func sleep(until deadline: AuthInstant) async throws {
        let id: UInt64? = state.withLock { state in
            guard deadline > state.now else { return nil }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case parked([CheckedContinuation<Void, Never>]), cancelled, due }
                let outcome = state.withLock { state -> Outcome in
                    if state.cancelledBeforeParking.remove(id) != nil { return .cancelled }
                    if deadline <= state.now { return .due }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return .parked(Self.takeSatisfiedCountWaiters(&state))
                }
                switch outcome {
                case .parked(let countWaiters): for waiter in countWaiters { waiter.resume() }
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .due: continuation.resume()
                }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                if let index = state.sleepers.firstIndex(where: { $0.id == id }) {
                    return state.sleepers.remove(at: index)
                }
                state.cancelledBeforeParking.insert(id)
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        state.withLock { _ = $0.cancelledBeforeParking.remove(id) }
    }

    /// Advances virtual time by `duration`, resuming every sleeper whose deadline is reached, earliest first.
    public func advance(by duration: Duration) {
        advance(to: now.advanced(by: duration))
    }

    /// Advances virtual time to `instant` (never backwards), resuming sleepers whose deadline is reached.
    public func advance(to instant: AuthInstant) {
        let due: [Sleeper] = state.withLock { state in
            if instant > state.now { state.now = instant }
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Advances virtual time step by step to each sleeper's deadline up to `duration` from now, yielding between
    /// steps so that woken tasks can park again (useful for polling loops).
    public func run(for duration: Duration, yieldsPerStep: Int = 20) async {
        let end = now.advanced(by: duration)
        while true {
            for _ in 0..<yieldsPerStep { await Task.yield() }
            guard let next = nextDeadline, next <= end else { break }
            advance(to: next)
        }
        advance(to: end)
    }

    /// Waits until at least `count` tasks are sleeping on this clock.
    public func waitForSleepers(count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.countWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private static func takeSatisfiedCountWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        let count = state.sleepers.count
        let ready = state.countWaiters.filter { $0.count <= count }.map(\.continuation)
        state.countWaiters.removeAll { $0.count <= count }
        return ready
    }
}

extension Duration {
    /// The duration in seconds as a `TimeInterval`.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
