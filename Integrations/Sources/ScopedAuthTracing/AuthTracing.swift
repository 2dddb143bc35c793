import Foundation
public import Instrumentation
public import ScopedAuth
public import Tracing

/// Tracing for ScopedAuth with swift-distributed-tracing: one span per operation, with the credential exchange it
/// caused and every HTTP attempt as children, and the trace context injected into outgoing requests.
///
/// ```swift
/// let tracing = AuthTracing()                                   // InstrumentationSystem.tracer
/// let client = MudstackClient(credential: key, accountID: id, transport: tracing.transport(wrapping: transport))
/// let accounts = try await tracing.operation("mudstack.accounts") {
///     try await client.account.accounts()
/// }
/// ```
///
/// Span names: the operation's name; `ScopedAuth exchange <service>` (attributes `scopedauth.service` and
/// `scopedauth.credential`); `HTTP <METHOD>` for each attempt (attributes `http.request.method`, `server.address`,
/// `server.port`, `url.path` and `http.response.status_code`; never the query string, a header or a body).
public struct AuthTracing: Sendable {
    /// The tracer spans are created with.
    public let tracer: any Tracer

    /// Creates the tracing bridge.
    ///
    /// - Parameter tracer: The tracer; the bootstrapped `InstrumentationSystem.tracer` by default.
    public init(tracer: any Tracer = InstrumentationSystem.tracer) {
        self.tracer = tracer
    }

    /// Runs `body` inside a span named `name`; a credential exchange that `body` causes becomes a child span.
    public func operation<Result: Sendable>(
        _ name: String,
        _ body: @Sendable () async throws -> Result
    ) async throws -> Result {
        try await tracer.withAnySpan(name, ofKind: .internal) { _ in
            try await ExchangeObserver.$current.withValue(exchangeObserver) {
                try await body()
            }
        }
    }

    /// An observer that wraps every credential exchange started from the current task in a span; ``operation(_:_:)``
    /// binds it, bind it yourself (`ExchangeObserver.$current.withValue`) around an existing span.
    public var exchangeObserver: ExchangeObserver {
        let tracer = tracer
        return ExchangeObserver { label, exchange in
            try await tracer.withAnySpan("ScopedAuth exchange \(label.service)", ofKind: .internal) { span in
                span.attributes["scopedauth.service"] = label.service
                span.attributes["scopedauth.credential"] = label.credential
                return try await exchange()
            }
        }
    }

    /// `transport` with a ``TracingMiddleware`` in front: pass it to a client so each attempt has its span and its
    /// trace context.
    public func transport(wrapping transport: any HTTPTransport) -> any HTTPTransport {
        ScopedAuth.HTTPClient(transport: transport, middlewares: [TracingMiddleware(tracer: tracer)])
    }
}

/// An ``ScopedAuth/HTTPMiddleware`` that records each request it passes on as a client span and injects the
/// span's trace context into the request's headers.
///
/// Put it last in a pipeline (just before the transport) so each attempt, retry and replay is its own span.
public struct TracingMiddleware: HTTPMiddleware {
    /// The tracer spans are created with.
    public let tracer: any Tracer

    /// Creates the middleware.
    ///
    /// - Parameter tracer: The tracer; the bootstrapped `InstrumentationSystem.tracer` by default.
    public init(tracer: any Tracer = InstrumentationSystem.tracer) {
        self.tracer = tracer
    }

    /// Sends `request` inside an `HTTP <METHOD>` client span with the trace context in its headers.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        try await tracer.withAnySpan("HTTP \(request.method)", ofKind: .client) { span in
            span.attributes["http.request.method"] = request.method.rawValue
            span.attributes["server.address"] = request.url.host ?? ""
            if let port = request.url.port { span.attributes["server.port"] = port }
            span.attributes["url.path"] = request.url.path
            var traced = request
            if let context = InstrumentationContext.current {
                tracer.inject(context, into: &traced.headers, using: HeadersInjector())
            }
            let response = try await next(traced)
            span.attributes["http.response.status_code"] = response.status
            if response.status >= 500 { span.setStatus(SpanStatus(code: .error)) }
            return response
        }
    }
}

/// Writes trace context fields into ScopedAuth headers.
struct HeadersInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout ScopedAuth.HTTPHeaders) {
        carrier[key] = value
    }
}

extension Tracer {
    /// `withSpan` on an existential tracer, recording errors by their type and kind only (no description, which
    /// might name a URL).
    fileprivate func withAnySpan<Result>(
        _ name: String,
        ofKind kind: SpanKind,
        _ body: (any Tracing.Span) async throws -> Result
    ) async throws -> Result {
        let span = startSpan(name, context: InstrumentationContext.current ?? .topLevel, ofKind: kind)
        defer { span.end() }
        do {
            return try await InstrumentationContext.$current.withValue(span.context) {
                try await body(span)
            }
        } catch {
            span.attributes["error.type"] = (error as? AuthError).map { "AuthError.\($0.kind)" } ?? "\(type(of: error))"
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }
}
