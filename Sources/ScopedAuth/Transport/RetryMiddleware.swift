import Foundation

/// Retries transient failures with jittered exponential backoff on the injected clock, honouring `Retry-After`.
///
/// What is retried:
/// - idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`): a thrown transport error, 408, 429, 500, 502, 503, 504;
/// - other methods (`POST`, `PATCH`): only 429 and 503, where the service says it did not act on the request.
///
/// Requests that are not replayable are never retried. A `Retry-After` longer than ``ScopedAuth/RetryPolicy/maximumDelay``
/// is not waited for: the response is returned, and the caller sees a rate-limit error.
public struct RetryMiddleware: HTTPMiddleware {
    /// The retry policy, now the top-level ``ScopedAuth/RetryPolicy`` shared with upload chunk retries.
    @available(*, deprecated, renamed: "ScopedAuth.RetryPolicy")
    public typealias RetryPolicy = ScopedAuth.RetryPolicy

    private static let idempotentMethods: Set<HTTPMethod> = [.get, .head, .put, .delete, HTTPMethod(rawValue: "OPTIONS")]
    private static let idempotentRetryStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]
    private static let nonIdempotentRetryStatuses: Set<Int> = [429, 503]

    /// The policy.
    public let policy: ScopedAuth.RetryPolicy
    /// The clock that backoff sleeps on.
    public let clock: any AuthClock
    private let jitter: JitterSource

    /// Creates the middleware.
    ///
    /// - Parameters:
    ///   - policy: How often and how long to retry; its ``ScopedAuth/RetryPolicy/randomSeed`` makes the jitter
    ///     reproducible.
    ///   - clock: The clock that backoff sleeps on.
    public init(policy: ScopedAuth.RetryPolicy = .default, clock: any AuthClock = SystemAuthClock()) {
        self.policy = policy
        self.clock = clock
        jitter = policy.jitterSource()
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
        policy.delay(beforeRetry: attempt, random: jitter.next())
    }
}
