/// Lets at most `limit` holders in at once; the others wait, first come first served.
///
/// ``AuthMiddleware`` uses one so that a request reads its token only when the transport can start sending it:
/// a request queued inside a transport already carries its token, and would carry a token the service has since
/// rejected. Entering is a lock and a counter when a place is free; a waiter that is cancelled leaves the queue at
/// once.
package final class AdmissionGate: Sendable {
    // Each waiter's continuation is resumed exactly once, so an `UnsafeContinuation` (no checking object, one
    // allocation less per waiter: 10,000 in a storm) is safe: a waiter is resumed only by whoever takes it out of
    // `queue` under the lock (`leave`, `admitFromQueueIfFree`, the cancellation handler), or, when it was never
    // queued because its cancellation came first (`cancelledEarly`), by the code that would have queued it.
    private struct Waiter {
        let id: UInt64
        let continuation: UnsafeContinuation<Bool, Never>
    }

    private struct State {
        var available: Int
        var queue: [Waiter] = []
        var head = 0
        var nextID: UInt64 = 0
        /// Waiters cancelled before they were queued.
        var cancelledEarly: Set<UInt64> = []
    }

    /// The most holders at once.
    package let limit: Int
    private let state: LockedValue<State>

    /// Creates a gate with `limit` places (at least one).
    package init(limit: Int) {
        self.limit = max(1, limit)
        state = LockedValue(State(available: max(1, limit)))
    }

    /// Takes a place, waiting for one if none is free.
    ///
    /// - Throws: `CancellationError` if the calling task is cancelled while waiting; no place is then held.
    package func enter() async throws {
        let id: UInt64? = state.withLock { state in
            if state.available > 0 {
                state.available -= 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        let admitted = await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.cancelledEarly.remove(id) != nil { return true }
                    // A place freed between the two locks goes to the queue's head, which may be this waiter.
                    state.queue.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume(returning: false) }
                admitFromQueueIfFree()
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                if let index = state.queue[state.head...].firstIndex(where: { $0.id == id }) {
                    return state.queue.remove(at: index)
                }
                state.cancelledEarly.insert(id)
                return nil
            }
            waiter?.continuation.resume(returning: false)
        }
        // The cancellation handler cannot run any more: forget its mark, if it left one after admission.
        state.withLock { _ = $0.cancelledEarly.remove(id) }
        if !admitted { throw CancellationError() }
    }

    /// Gives back a place taken by ``enter()``, handing it to the longest waiter if any.
    package func leave() {
        let next = state.withLock { state -> Waiter? in
            guard state.head < state.queue.count else {
                state.available += 1
                return nil
            }
            return Self.popHead(&state)
        }
        next?.continuation.resume(returning: true)
    }

    /// Places free right now (for tests).
    package var available: Int { state.withLock { $0.available } }

    /// Waiters in the queue right now (for tests).
    package var waiting: Int { state.withLock { $0.queue.count - $0.head } }

    /// Hands a free place to the queue's head: covers a place freed while a waiter was between its two locks.
    private func admitFromQueueIfFree() {
        let next = state.withLock { state -> Waiter? in
            guard state.available > 0, state.head < state.queue.count else { return nil }
            state.available -= 1
            return Self.popHead(&state)
        }
        next?.continuation.resume(returning: true)
    }

    private static func popHead(_ state: inout State) -> Waiter {
        let waiter = state.queue[state.head]
        state.head += 1
        if state.head >= 64, state.head * 2 >= state.queue.count {
            state.queue.removeFirst(state.head)
            state.head = 0
        }
        return waiter
    }
}
