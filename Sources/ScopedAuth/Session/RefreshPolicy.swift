import Foundation

/// How a ``TokenSession`` decides when to refresh, how it backs off and when it stops trying.
///
/// The defaults suit tokens that live from minutes to days: a refresh starts in the background 30 s to 5 minutes
/// before expiry (10 % of the lifetime), a token is never handed out in its last 10 to 60 seconds (2 % of the
/// lifetime), and the refresh moment is spread over the window between the two so that a fleet of processes does
/// not refresh in lockstep.
///
/// ```swift
/// var policy = RefreshPolicy()
/// policy.refreshTimeout = .seconds(10)
/// policy.circuitBreaker = .init(maximumRefreshes: 5, window: .seconds(60), openDuration: .seconds(30))
/// ```
public struct RefreshPolicy: Sendable, Hashable {
    /// A margin before expiry that scales with the token's lifetime, within bounds.
    public struct Margin: Sendable, Hashable {
        /// The share of the token's lifetime, from 0 to 1.
        public var fraction: Double
        /// The smallest margin.
        public var minimum: Duration
        /// The largest margin.
        public var maximum: Duration

        /// Creates a margin of `fraction` of the lifetime, clamped to `minimum...maximum`.
        public init(fraction: Double, minimum: Duration, maximum: Duration) {
            self.fraction = fraction
            self.minimum = minimum
            self.maximum = maximum
        }

        /// The margin for a token that lives `lifetime`.
        func margin(for lifetime: Duration) -> Duration {
            let scaled = Duration.clampedSeconds(lifetime.seconds * fraction)
            return min(max(scaled, minimum), maximum)
        }
    }

    /// Exponential backoff with jitter after transient refresh failures.
    public struct Backoff: Sendable, Hashable {
        /// The delay after the first failure.
        public var initial: Duration
        /// The factor applied for each further consecutive failure.
        public var multiplier: Double
        /// The longest delay.
        public var maximum: Duration
        /// The share of each delay that is randomised, from 0 (none) to 1 (anywhere between zero and the delay).
        public var jitter: Double

        /// Creates a backoff.
        public init(initial: Duration, multiplier: Double, maximum: Duration, jitter: Double) {
            self.initial = initial
            self.multiplier = multiplier
            self.maximum = maximum
            self.jitter = jitter
        }

        /// The delay before retry number `attempt` (1-based), given a uniform random number in `0..<1`.
        func delay(attempt: Int, random: Double) -> Duration {
            let exponent = Double(max(0, attempt - 1))
            let raw = initial.seconds * pow(multiplier, min(exponent, 60))
            let capped = min(raw, maximum.seconds)
            return .clampedSeconds(capped * (1 - jitter * random))
        }
    }

    /// Fails fast when refreshes happen too often, which means something is wrong (a service that rejects every
    /// new token, a clock far off): a loop breaker, not a rate limiter.
    public struct CircuitBreaker: Sendable, Hashable {
        /// The number of refreshes allowed within ``window``.
        public var maximumRefreshes: Int
        /// The sliding window in which refreshes are counted.
        public var window: Duration
        /// How long the circuit stays open once tripped.
        public var openDuration: Duration

        /// Creates a circuit breaker.
        public init(maximumRefreshes: Int, window: Duration, openDuration: Duration) {
            self.maximumRefreshes = maximumRefreshes
            self.window = window
            self.openDuration = openDuration
        }
    }

    /// Before expiry, the margin inside which a background refresh starts while the token is still handed out.
    public var softMargin = Margin(fraction: 0.10, minimum: .seconds(30), maximum: .seconds(300))
    /// Before expiry, the margin inside which the token is never handed out.
    public var hardMargin = Margin(fraction: 0.02, minimum: .seconds(10), maximum: .seconds(60))
    /// The share of the window between the soft and hard margins over which the refresh moment is spread.
    public var refreshJitter: Double = 0.5
    /// How long one credential exchange may take before it counts as a transient failure.
    public var refreshTimeout: Duration = .seconds(30)
    /// Backoff after transient failures.
    public var backoff = Backoff(initial: .milliseconds(500), multiplier: 2, maximum: .seconds(60), jitter: 0.5)
    /// How long a permanent failure (such as invalid credentials) is answered from memory before trying again.
    public var permanentFailureMemory: Duration = .seconds(5)
    /// The loop breaker.
    public var circuitBreaker = CircuitBreaker(maximumRefreshes: 10, window: .seconds(60), openDuration: .seconds(30))
    /// How long a token that arrived already inside its hard margin (a sign of clock skew) is used before the
    /// session refreshes it once more.
    public var suspectedSkewGrace: Duration = .seconds(60)
    /// A difference between the service's `Date` header and the local wall clock beyond which the session reports
    /// suspected clock skew.
    public var skewTolerance: Duration = .seconds(30)
    /// The seed for jitter; `nil` seeds from the system's random source. Set it for reproducible tests.
    public var randomSeed: UInt64?

    /// The default policy.
    public init() {}

    /// The default policy.
    public static let `default` = RefreshPolicy()

    /// The soft and hard margins for a token that lives `lifetime`; the hard margin is at most a quarter of the
    /// lifetime and the soft margin at most half, so that even short-lived tokens are handed out for a while.
    package func margins(for lifetime: Duration) -> (soft: Duration, hard: Duration) {
        let positive = max(lifetime, .zero)
        let hard = min(hardMargin.margin(for: positive), positive / 4)
        let soft = max(min(softMargin.margin(for: positive), positive / 2), hard)
        return (soft, hard)
    }
}

