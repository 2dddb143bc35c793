public import Foundation
public import HTTPTypes
public import OpenAPIRuntime
public import ScopedAuth
import ScopedAuthHTTPTypes

/// A swift-openapi-runtime `ClientMiddleware` that stamps a ScopedAuth token on every request to the session's
/// origin and replays a rejected request once with a replacement token, as ``ScopedAuth/AuthMiddleware`` does for
/// the SDK's own clients.
///
/// The same rules hold: a request to any other origin passes without a credential; a credential goes only over
/// HTTPS (plain HTTP only to loopback); a rejection of the current token causes one refresh shared by every
/// request that saw it, a rejection of an older token is replayed with the current one. A request whose body can
/// be read only once is not replayed. Pair it with ``ScopedAuthOpenAPITransport``, which lets
/// `RedirectMiddleware` and `TransportSecurityMiddleware` decide redirects and transport security instead of the
/// network stack.
///
/// ```swift
/// let mudstack = MudstackClient(credential: key, accountID: id, transport: transport)
/// let api = Client(
///     serverURL: mudstack.baseURL,
///     transport: ScopedAuthOpenAPITransport(transport: transport),
///     middlewares: [try ScopedAuthOpenAPIMiddleware(source: mudstack.session, serverURL: mudstack.baseURL)])
/// ```
public struct ScopedAuthOpenAPIMiddleware: ClientMiddleware {
    /// Where tokens come from: a `TokenSession` or a `StaticToken`.
    public let source: any TokenSource
    /// The only origin that receives the token.
    public let origin: HTTPOrigin

    /// Creates the middleware for `origin`.
    public init(source: any TokenSource, origin: HTTPOrigin) {
        self.source = source
        self.origin = origin
    }

    /// Creates the middleware for the origin of `serverURL`.
    ///
    /// - Throws: ``ScopedAuth/AuthError`` of kind `invalidRequest` when `serverURL` has no scheme or host.
    public init(source: any TokenSource, serverURL: URL) throws(AuthError) {
        guard let origin = HTTPOrigin(serverURL) else {
            throw AuthError(.invalidRequest, detail: "the server URL has no origin")
        }
        self.init(source: source, origin: origin)
    }

    /// Stamps, sends, and replays once after a rejection.
    public func intercept(
        _ request: HTTPTypes.HTTPRequest,
        body: HTTPBody?,
        baseURL: URL,
        operationID: String,
        next: @Sendable (HTTPTypes.HTTPRequest, HTTPBody?, URL) async throws -> (HTTPTypes.HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPTypes.HTTPResponse, HTTPBody?) {
        guard let url = OpenAPIRequestURL.url(of: request, baseURL: baseURL), origin.contains(url) else {
            return try await next(request, body, baseURL)
        }
        guard origin.isSecureForCredentials else {
            throw AuthError(.insecureTransport, detail: "refusing to send credentials over plain HTTP to \(origin)")
        }
        let token = try await source.token()
        let (response, responseBody) = try await next(stamped(request, url: url, with: token), body, baseURL)
        let replayable = body.map { $0.iterationBehavior == .multiple } ?? true
        guard replayable, source.isTokenRejected(ScopedAuth.HTTPResponse(response)) else {
            return (response, responseBody)
        }
        guard let replacement = try await source.replacement(afterRejectionOf: token.generation) else {
            return (response, responseBody)
        }
        return try await next(stamped(request, url: url, with: replacement), body, baseURL)
    }

    /// `request` with the headers the token source puts on a request to `url`, marked never-indexed.
    private func stamped(_ request: HTTPTypes.HTTPRequest, url: URL, with token: AccessToken) throws -> HTTPTypes.HTTPRequest {
        var probe = ScopedAuth.HTTPRequest(method: ScopedAuth.HTTPMethod(rawValue: request.method.rawValue), url: url)
        source.authorize(&probe, with: token)
        guard let credentialFields = HTTPFields(probe.headers) else {
            throw AuthError(.invalidRequest, detail: "the token source produced an invalid header name")
        }
        var stamped = request
        for name in Set(credentialFields.map(\.name)) {
            stamped.headerFields[fields: name] = credentialFields[fields: name].map { field in
                var field = field
                field.indexingStrategy = .disallow
                return field
            }
        }
        return stamped
    }
}

/// The absolute URL of an OpenAPI request: the server URL followed by the request's path and query.
enum OpenAPIRequestURL {
    static func url(of request: HTTPTypes.HTTPRequest, baseURL: URL) -> URL? {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + (request.path ?? ""))
    }
}
