public import Foundation

extension HTTPResponse {
    /// The largest JSON body ScopedAuth decodes (4 MiB); anything larger is refused as malformed.
    public static let maximumJSONSize = 4 * 1024 * 1024

    /// Decodes the body as JSON.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - service: The service's name, for the error.
    ///   - decoder: The decoder to use.
    /// - Throws: ``AuthError`` of kind ``AuthError/Kind/malformedResponse`` for a body over
    ///   ``maximumJSONSize``, truncated or malformed JSON, or a shape that does not match `type`.
    public func decodeJSON<T: Decodable>(
        _ type: T.Type,
        service: String? = nil,
        decoder: JSONDecoder = JSONDecoder()
    ) throws(AuthError) -> T {
        guard body.count <= Self.maximumJSONSize else {
            throw AuthError(.malformedResponse, status: status, service: service,
                            detail: "JSON body of \(body.count) bytes exceeds \(Self.maximumJSONSize)")
        }
        do {
            return try decoder.decode(T.self, from: body)
        } catch {
            throw AuthError(.malformedResponse, status: status, service: service,
                            detail: "could not decode \(T.self): \(Self.summary(of: error))")
        }
    }

    /// An ``AuthError`` for an unsuccessful response, with the kind its status implies and the service's message
    /// taken from the first of `messageKeys` found in a JSON object body.
    public func error(service: String, messageKeys: [String] = ["message", "error"]) -> AuthError {
        var message: String?
        if body.count <= Self.maximumJSONSize,
            let fields = try? JSONDecoder().decode(JSONStringMembers.self, from: body).fields
        {
            message = messageKeys.lazy.compactMap { fields[$0] }.first
        }
        let kind = AuthError.kind(forStatus: status) ?? (isSuccess ? .malformedResponse : .transient)
        return AuthError(kind, status: status, serviceMessage: message, service: service,
                         retryAfter: status == 429 ? retryAfter(now: nil) : nil)
    }

    /// A description of a decoding failure that names the path but never a value.
    private static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "invalid JSON" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context)).\(key.stringValue)"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "null at \(path(context))"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "invalid JSON" : "bad value at \(path(context))"
        @unknown default: return "invalid JSON"
        }
    }
}

extension HTTPClient {
    /// The standard pipeline for one service: credentials for `origin` from `source`, replay once on rejection,
    /// retry transient failures, follow redirects safely, and refuse insecure credential transport.
    ///
    /// - Parameters:
    ///   - transport: The network (``URLSessionTransport``, or an emulator in tests).
    ///   - source: Where tokens come from; `nil` for an unauthenticated client.
    ///   - origin: The service's origin.
    ///   - clock: The clock for retry backoff.
    ///   - retryPolicy: The retry policy.
    ///   - service: The service named in the errors the client throws.
    public static func authorized(
        transport: any HTTPTransport,
        source: (any TokenSource)?,
        origin: HTTPOrigin,
        clock: any AuthClock,
        retryPolicy: RetryPolicy = .default,
        service: String? = nil
    ) -> HTTPClient {
        var middlewares: [any HTTPMiddleware] = []
        if let source {
            // Twice the transport's connections: enough queued to keep them busy, few enough that a rejection
            // known meanwhile reaches the requests that have not gone out.
            let limit = transport.concurrentRequestsPerOrigin.map { 2 * $0 }
            middlewares.append(AuthMiddleware(source: source, origin: origin, maximumConcurrentRequests: limit))
        }
        middlewares.append(RetryMiddleware(policy: retryPolicy, clock: clock))
        middlewares.append(RedirectMiddleware())
        middlewares.append(TransportSecurityMiddleware())
        return HTTPClient(transport: transport, middlewares: middlewares, service: service)
    }
}

extension HTTPClient {
    /// The pipeline for a credential exchange (a sign-in whose request carries the secret in its body): every
    /// request is bound to `origin` (``CredentialBindingMiddleware``), so it goes only over HTTPS (or plain HTTP to
    /// a loopback address), only to `origin`, and a redirect anywhere else is refused with
    /// ``AuthError/Kind/credentialRedirect``; transient failures are retried and same-origin redirects followed.
    ///
    /// Every exchange in ScopedAuth's service modules sends through this pipeline.
    ///
    /// - Parameters:
    ///   - transport: The network.
    ///   - origin: The service's origin, the only one the credential may reach.
    ///   - clock: The clock for retry backoff.
    ///   - retryPolicy: The retry policy.
    ///   - service: The service named in the errors the client throws.
    public static func exchange(
        transport: any HTTPTransport,
        origin: HTTPOrigin,
        clock: any AuthClock,
        retryPolicy: RetryPolicy = .default,
        service: String? = nil
    ) -> HTTPClient {
        HTTPClient(
            transport: transport,
            middlewares: [
                CredentialBindingMiddleware(origin: origin), RetryMiddleware(policy: retryPolicy, clock: clock),
                RedirectMiddleware(), TransportSecurityMiddleware(),
            ],
            service: service)
    }
}

extension HTTPClient {
    /// The standard pipeline under its former labels.
    @available(*, deprecated, renamed: "authorized(transport:source:origin:clock:retryPolicy:service:)")
    public static func authorized(
        transport: any HTTPTransport, source: (any TokenSource)?, origin: HTTPOrigin, clock: any AuthClock,
        retry: RetryPolicy, service: String? = nil
    ) -> HTTPClient {
        authorized(transport: transport, source: source, origin: origin, clock: clock, retryPolicy: retry,
                   service: service)
    }

    /// The exchange pipeline under its former labels.
    @available(*, deprecated, renamed: "exchange(transport:origin:clock:retryPolicy:service:)")
    public static func exchange(
        transport: any HTTPTransport, origin: HTTPOrigin, clock: any AuthClock, retry: RetryPolicy,
        service: String? = nil
    ) -> HTTPClient {
        exchange(transport: transport, origin: origin, clock: clock, retryPolicy: retry, service: service)
    }
}
