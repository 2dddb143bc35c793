import Synchronization

/// When the phases of one rejection storm (or its floor) happened, for the paired benchmark's breakdown of where a
/// storm's time goes beyond its floor's.
public final class StormPhases: Sendable {
    /// A moment of the storm.
    public enum Moment: Sendable {
        /// The measured part began.
        case start
        /// The last rejected request arrived, and every held request was answered 401.
        case released
        /// The credential exchange began or ended (seen by an `ExchangeObserver`).
        case exchangeStarted, exchangeEnded
        /// A request went on to the service (a replay, or any request of the floor).
        case passedOn
        /// The last request was answered.
        case end
    }

    /// The moments seen; for requests passed on, the first and the last.
    public struct Moments: Sendable {
        public var start, released, exchangeStarted, exchangeEnded, firstPassedOn, lastPassedOn, end:
            ContinuousClock.Instant?

        /// The time from `from` to `to`, in milliseconds, if both were seen.
        public func milliseconds(
            from: KeyPath<Moments, ContinuousClock.Instant?>, to: KeyPath<Moments, ContinuousClock.Instant?>
        ) -> Double? {
            guard let start = self[keyPath: from], let end = self[keyPath: to] else { return nil }
            return (end - start).milliseconds
        }
    }

    private let moments = Mutex(Moments())

    public init() {}

    /// What was seen so far.
    public var seen: Moments { moments.withLock { $0 } }

    /// Notes that `moment` happened now.
    public func note(_ moment: Moment) {
        let now = ContinuousClock.now
        moments.withLock { moments in
            switch moment {
            case .start: moments.start = now
            case .released: moments.released = moments.released ?? now
            case .exchangeStarted: moments.exchangeStarted = moments.exchangeStarted ?? now
            case .exchangeEnded: moments.exchangeEnded = moments.exchangeEnded ?? now
            case .passedOn:
                moments.firstPassedOn = moments.firstPassedOn ?? now
                moments.lastPassedOn = now
            case .end: moments.end = now
            }
        }
    }
}
