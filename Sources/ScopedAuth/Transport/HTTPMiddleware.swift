/// A step in the request pipeline: it may change the request, call `next` any number of times, and change the
/// response.
///
/// Middleware is how ScopedAuth adds credentials, replays after a rejection, retries transient failures and
/// enforces where credentials may go, identically for every ``HTTPTransport``.
///
/// ```swift
/// struct UserAgent: HTTPMiddleware {
///     func intercept(
///         _ request: HTTPRequest,
///         next: @Sendable (HTTPRequest) async throws -> HTTPResponse
///     ) async throws -> HTTPResponse {
///         var request = request
///         request.headers["User-Agent"] = "my-app/1.0"
///         return try await next(request)
///     }
/// }
/// ```
public protocol HTTPMiddleware: Sendable {
    /// Handles `request`, calling `next` to pass it on down the chain.
    func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse
}

/// A transport wrapped in a chain of middleware; the first middleware sees the request first.
///
/// It is itself an ``HTTPTransport``, so chains compose. It throws only ``AuthError`` or `CancellationError`: a
/// failure to get any answer (a refused or dropped connection, a DNS or TLS failure, a transport timeout) becomes
/// a transient (or timeout) ``AuthError`` naming ``service``, whose detail says which `host:port` could not be
/// reached and what to check (see ``AuthError/transportFailure(_:reaching:service:)``), so no client has to
/// remember to classify transport errors itself.
///
/// ```swift
/// let client = HTTPClient(
///     transport: URLSessionTransport(),
///     middlewares: [AuthMiddleware(source: session, origin: origin), RetryMiddleware(clock: clock)]
/// )
/// let response = try await client.send(request)
/// ```
public struct HTTPClient: HTTPTransport {
    /// The transport at the end of the chain.
    public let transport: any HTTPTransport
    /// The middleware, outermost first.
    public let middlewares: [any HTTPMiddleware]
    /// The service named in the errors this client throws, such as `"MASV"`.
    public let service: String?

    /// Creates a client that sends through `middlewares` (outermost first) to `transport`.
    ///
    /// - Parameters:
    ///   - transport: The transport at the end of the chain.
    ///   - middlewares: The middleware, outermost first.
    ///   - service: The service named in the errors this client throws.
    public init(transport: any HTTPTransport, middlewares: [any HTTPMiddleware], service: String? = nil) {
        self.transport = transport
        self.middlewares = middlewares
        self.service = service
    }

    /// The transport's ``HTTPTransport/concurrentRequestsPerOrigin``.
    public var concurrentRequestsPerOrigin: Int? { transport.concurrentRequestsPerOrigin }

    /// Sends `request` through the chain.
    ///
    /// - Throws: ``AuthError`` (a transport failure as ``AuthError/Kind/transient`` or ``AuthError/Kind/timeout``),
    ///   or `CancellationError`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            return try await Self.send(request, through: middlewares[...], to: transport)
        } catch var error as AuthError {
            if error.service == nil { error.service = service }
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            throw AuthError.transportFailure(error, reaching: request.url, service: service)
        }
    }

    private static func send(
        _ request: HTTPRequest,
        through middlewares: ArraySlice<any HTTPMiddleware>,
        to transport: any HTTPTransport
    ) async throws -> HTTPResponse {
        guard let first = middlewares.first else { return try await transport.send(request) }
        let rest = middlewares.dropFirst()
        return try await first.intercept(request) { next in
            try await send(next, through: rest, to: transport)
        }
    }
}
