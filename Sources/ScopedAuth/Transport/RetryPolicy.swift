import Foundation

/// How often and how long to retry a transient failure: the one retry policy of ScopedAuth, used by
/// ``RetryMiddleware`` for API requests and by uploads for their chunks.
///
/// The delay before retry `n` (1-based) is `initialDelay × 2^(n-1)`, capped at ``maximumDelay``, of which the share
/// ``jitter`` is randomised: a delay `d` becomes a uniform value in `d × (1 - jitter) ... d`. Clients that fail at
/// the same moment therefore do not retry at the same moment. Set ``randomSeed`` for a reproducible sequence.
///
/// ```swift
/// var policy = RetryPolicy.default
/// policy.maximumAttempts = 5
/// let client = MudstackClient(credential: key, accountID: account, retryPolicy: policy)
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts in total, the first one included.
    public var maximumAttempts: Int
    /// The delay before the first retry.
    public var initialDelay: Duration
    /// The longest delay, and the longest `Retry-After` that is waited for.
    public var maximumDelay: Duration
    /// The share of each delay that is randomised, from 0 (none) to 1 (anywhere between zero and the delay).
    public var jitter: Double
    /// The seed for jitter; `nil` seeds from the system's random source. Set it for reproducible tests.
    public var randomSeed: UInt64?

    /// Creates a retry policy.
    ///
    /// - Parameters:
    ///   - maximumAttempts: The most attempts in total, the first one included.
    ///   - initialDelay: The delay before the first retry; it doubles for each further retry.
    ///   - maximumDelay: The longest delay, and the longest `Retry-After` waited for.
    ///   - jitter: The share of each delay that is randomised (0 to 1).
    ///   - randomSeed: The seed for jitter; `nil` for the system's random source.
    public init(maximumAttempts: Int = 3, initialDelay: Duration = .milliseconds(200),
                maximumDelay: Duration = .seconds(30), jitter: Double = 0.5, randomSeed: UInt64? = nil) {
        self.maximumAttempts = maximumAttempts
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.jitter = jitter
        self.randomSeed = randomSeed
    }

    /// Three attempts, 200 ms then 400 ms (jittered), `Retry-After` up to 30 s.
    public static let `default` = RetryPolicy()
    /// No retries.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// The delay before retry number `attempt` (1-based), given a uniform random number in `0..<1`.
    ///
    /// - Parameters:
    ///   - attempt: The number of the retry, from 1.
    ///   - random: A number in `0..<1`; 0 gives the full delay, values near 1 the shortest.
    /// - Returns: The jittered delay, between `(1 - jitter)` times the capped exponential delay and that delay.
    public func delay(beforeRetry attempt: Int, random: Double) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let base = min(initialDelay.seconds * pow(2, min(exponent, 60)), maximumDelay.seconds)
        let share = min(max(jitter, 0), 1)
        return .clampedSeconds(base * (1 - share * min(max(random, 0), 1)))
    }

    /// A source of the random numbers this policy's jitter uses: seeded by ``randomSeed``, or the system's.
    package func jitterSource() -> JitterSource { JitterSource(seed: randomSeed) }
}

/// The random numbers of retry jitter: a seeded SplitMix64 sequence (reproducible) or the system's generator.
///
/// Copies share one sequence, so the middleware of one client draws each number once.
package struct JitterSource: Sendable {
    private let state: LockedValue<UInt64>?

    /// A source seeded with `seed`, or the system's random source for `nil`.
    package init(seed: UInt64?) {
        state = seed.map { LockedValue($0) }
    }

    /// The next uniform number in `0..<1`.
    package func next() -> Double {
        guard let state else { return Double.random(in: 0..<1) }
        let bits = state.withLock { mix -> UInt64 in
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Double(bits >> 11) * 0x1.0p-53
    }
}
