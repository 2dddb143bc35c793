/// A value decided once by whichever offer comes first, awaited by one reader; copies share the decision.
///
/// Used by `TokenSession` (an exchange racing its timeout and cancellation) and by the token store participant
/// (a store call racing its timeout).
struct FirstResult<Value: Sendable>: Sendable {
    private enum State {
        case undecided(reader: CheckedContinuation<Value, Never>?)
        case decided(Value)
    }

    private let state = LockedValue(State.undecided(reader: nil))

    /// Offers a value; ignored when one was already decided.
    func offer(_ value: Value) {
        let previous = state.withLock { state -> State in
            defer { if case .undecided = state { state = .decided(value) } }
            return state
        }
        if case .undecided(let reader?) = previous { reader.resume(returning: value) }
    }

    /// The decided value, waiting for it if needed.
    func value() async -> Value {
        await withCheckedContinuation { continuation in
            let decided = state.withLock { state -> State in
                if case .undecided = state { state = .undecided(reader: continuation) }
                return state
            }
            if case .decided(let value) = decided { continuation.resume(returning: value) }
        }
    }
}
