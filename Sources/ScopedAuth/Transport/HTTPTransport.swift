/// The one thing ScopedAuth needs from a network stack: send a request, return the response.
///
/// ``URLSessionTransport`` is the default. A server application passes its own (for example one built on
/// AsyncHTTPClient) by dependency injection, and tests pass `EmulatorTransport` from ScopedAuthTesting.
///
/// Redirects, credentials and retries are decisions of the middleware chain, so that every transport gets the same
/// security behaviour. For that, every transport keeps this contract (see <doc:TransportSecurity>):
///
/// 1. It never follows redirects: a 3xx comes back as it is, for ``RedirectMiddleware`` to judge.
/// 2. It enforces its response size limit while the body streams: a `Content-Length` over the limit is refused
///    before the body is read, and a body without one stops being read as soon as it passes the limit
///    (``AuthError`` of kind ``AuthError/Kind/malformedResponse``), so memory stays bounded.
/// 3. It reports cancellation of the calling task as `CancellationError`, whatever the method.
/// 4. It never adds a header that carries a credential (cookies, stored credentials, proxy authorization), and sends
///    the method, headers and body unchanged. It does not retry.
///
/// `TransportConformance` in ScopedAuthTesting checks all four over a loopback server; ``URLSessionTransport``
/// passes it.
///
/// ```swift
/// struct LoggingTransport: HTTPTransport {
///     let base: any HTTPTransport
///     func send(_ request: HTTPRequest) async throws -> HTTPResponse {
///         try await base.send(request)
///     }
/// }
/// ```
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    ///
    /// - Throws: An error when no response arrived (connection refused or dropped, timeout, cancellation).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// How many requests to one origin this transport has on the wire at once, when it queues the rest inside
    /// itself (``URLSessionTransport``: its connections per host); `nil` when it does not say.
    ///
    /// ``HTTPClient/authorized(transport:source:origin:clock:retryPolicy:service:)`` lets twice that many requests read
    /// their token at once (``AuthMiddleware/maximumConcurrentRequests``), so requests do not wait inside the
    /// transport already stamped with a token that may be rejected meanwhile.
    var concurrentRequestsPerOrigin: Int? { get }
}

extension HTTPTransport {
    /// `nil`: the transport does not say.
    public var concurrentRequestsPerOrigin: Int? { nil }
}
