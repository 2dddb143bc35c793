import Foundation

/// Retries transient failures with jittered exponential backoff on the injected clock, honouring `Retry-After`.
///
/// What is retried:
/// - idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`): a thrown transport error, 408, 429, 500, 502, 503, 504;
/// - other methods (`POST`, `PATCH`): only 429 and 503, where the service says it did not act on the request.
///
/// Requests that are not replayable are never retried. A `Retry-After` longer than ``RetryPolicy/maximumDelay``
/// is not waited for: the response is returned, and the caller sees a rate-limit error.
public struct RetryMiddleware: HTTPMiddleware {
    /// How often and how long to retry.
    public struct RetryPolicy: Sendable, Hashable {
        /// The most attempts in total, the first one included.
        public var maximumAttempts: Int
        /// The delay before the first retry.
        public var initialDelay: Duration
        /// The longest delay, and the longest `Retry-After` that is waited for.
        public var maximumDelay: Duration
        /// The share of each delay that is randomised.
        public var jitter: Double

        /// Creates a retry policy.
        public init(maximumAttempts: Int = 3, initialDelay: Duration = .milliseconds(200),
                    maximumDelay: Duration = .seconds(30), jitter: Double = 0.5) {
            self.maximumAttempts = maximumAttempts
            self.initialDelay = initialDelay
            self.maximumDelay = maximumDelay
            self.jitter = jitter
        }

        /// Three attempts, 200 ms then 400 ms (jittered), `Retry-After` up to 30 s.
        public static let `default` = RetryPolicy()
        /// No retries.
        public static let none = RetryPolicy(maximumAttempts: 1)
    }

    private static let idempotentMethods: Set<HTTPMethod> = [.get, .head, .put, .delete, HTTPMethod(rawValue: "OPTIONS")]
    private static let idempotentRetryStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]
    private static let nonIdempotentRetryStatuses: Set<Int> = [429, 503]

    /// The policy.
    public let policy: RetryPolicy
    /// The clock that backoff sleeps on.
    public let clock: any AuthClock

    /// Creates the middleware.
    public init(policy: RetryPolicy = .default, clock: any AuthClock = SystemAuthClock()) {
        self.policy = policy
        self.clock = clock
    }

    /// Sends, retrying transient failures.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let idempotent = Self.idempotentMethods.contains(request.method)
        let retriedStatuses = idempotent ? Self.idempotentRetryStatuses : Self.nonIdempotentRetryStatuses
        var attempt = 1
        while true {
            let canRetry = request.isReplayable && attempt < policy.maximumAttempts
            let response: HTTPResponse
            do {
                response = try await next(request)
            } catch let error where canRetry && idempotent && !(error is CancellationError) && !(error is AuthError) {
                try await clock.sleep(for: backoff(attempt: attempt))
                attempt += 1
                continue
            }
            guard canRetry, retriedStatuses.contains(response.status) else { return response }
            var delay = backoff(attempt: attempt)
            if let asked = response.retryAfter(now: clock.wallClockNow) {
                guard asked <= policy.maximumDelay else { return response }
                delay = max(delay, asked)
            }
            try await clock.sleep(for: delay)
            attempt += 1
        }
    }

    private func backoff(attempt: Int) -> Duration {
        let base = min(policy.initialDelay.seconds * pow(2, Double(attempt - 1)), policy.maximumDelay.seconds)
        return .clampedSeconds(base * (1 - policy.jitter * Double.random(in: 0..<1)))
    }
}
