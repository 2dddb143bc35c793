import Foundation

/// Puts a token on every request to one origin and replays a rejected request once with a replacement token.
///
/// Requests to any other origin (a presigned upload URL, a redirect target) pass through without credentials.
/// Every request is stamped with the token's generation, so a rejection tells the ``TokenSource`` which token
/// failed: the current one (one refresh, shared by every request that saw it) or an older one (replayed at once
/// with the current token). A request is replayed at most once, and never when it is not replayable.
///
/// With ``maximumConcurrentRequests`` set, a request reads its token only once it is one of that many in flight
/// through this middleware: the others wait before reading theirs, so that a request that has not yet gone out
/// when the service's rejection of a token is known goes with the replacement, not with the rejected token (a
/// request handed to a transport that is already using all its connections waits there with its token on it).
/// ``HTTPClient/authorized(transport:source:origin:clock:retryPolicy:service:)`` sets it from the transport's
/// ``HTTPTransport/concurrentRequestsPerOrigin``.
public struct AuthMiddleware: HTTPMiddleware {
    /// Where tokens come from.
    public let source: any TokenSource
    /// The only origin that receives the token.
    public let origin: HTTPOrigin
    /// The most requests between reading their token and receiving their response at once; `nil` for no limit.
    public let maximumConcurrentRequests: Int?
    private let gate: AdmissionGate?

    /// Creates the middleware.
    ///
    /// - Parameters:
    ///   - source: A ``TokenSession`` or ``StaticToken``.
    ///   - origin: The service's origin; requests elsewhere get no credential.
    ///   - maximumConcurrentRequests: The most requests in flight with a token at once (the others wait before
    ///     reading theirs); `nil`, the default, for no limit.
    public init(source: any TokenSource, origin: HTTPOrigin, maximumConcurrentRequests: Int? = nil) {
        self.source = source
        self.origin = origin
        self.maximumConcurrentRequests = maximumConcurrentRequests.map { max(1, $0) }
        gate = maximumConcurrentRequests.map { AdmissionGate(limit: $0) }
    }

    /// Stamps, sends, and replays once after a rejection.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        guard origin.contains(request.url) else { return try await next(request) }
        guard origin.isSecureForCredentials else {
            throw AuthError(.insecureTransport, detail: "refusing to send credentials over plain HTTP to \(origin)")
        }
        if let gate { try await gate.enter() }
        defer { gate?.leave() }
        let token = try await source.token()
        var stamped = request
        source.authorize(&stamped, with: token)
        let response = try await next(stamped)
        guard source.isTokenRejected(response), request.isReplayable else { return response }
        guard let replacement = try await source.replacement(afterRejectionOf: token.generation) else {
            return response
        }
        var replay = request
        source.authorize(&replay, with: replacement)
        return try await next(replay)
    }
}

/// Refuses to send a credential where it must not go: over plain HTTP to a host that is not loopback, or a
/// credential bound to one origin (``HTTPRequest/credentialOrigin``) to any other.
///
/// A request is held to these rules when it is credential-bearing (``HTTPRequest/isCredentialBearing``): a
/// sensitive header, or a secret in the request itself, such as a sign-in body. It sits last in the chain, just
/// before the transport, so that it checks what actually leaves.
public struct TransportSecurityMiddleware: HTTPMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Throws ``AuthError/Kind/insecureTransport`` for a credential bound for an insecure or foreign origin.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        if request.isCredentialBearing {
            try Self.check(request)
        }
        return try await next(request)
    }

    /// The checks, for a credential-bearing request.
    package static func check(_ request: HTTPRequest) throws(AuthError) {
        if let bound = request.credentialOrigin, !bound.contains(request.url) {
            throw AuthError(.insecureTransport, detail: "refusing to send a credential bound to \(bound) elsewhere")
                .about(request.origin)
        }
        // HTTPS needs no further look; anything else must be plain HTTP to a parsed loopback address.
        guard !(request.url.scheme?.caseInsensitiveEquals("https") ?? false) else { return }
        guard let target = request.origin, target.isSecureForCredentials else {
            throw AuthError(.insecureTransport, detail: "refusing to send credentials to \(request.url.redactedForDisplay)")
                .about(request.origin)
        }
    }
}

/// Binds every request it sees to one origin as credential-bearing: the first step of a credential exchange's
/// pipeline (``HTTPClient/exchange(transport:origin:clock:retryPolicy:service:)``).
///
/// A request to another origin, or over plain HTTP to a host that is not loopback, is refused here, before any
/// connection; the binding then makes ``RedirectMiddleware`` refuse a redirect anywhere else and
/// ``TransportSecurityMiddleware`` check again what leaves.
public struct CredentialBindingMiddleware: HTTPMiddleware {
    /// The only origin the requests may go to.
    public let origin: HTTPOrigin

    /// Creates the middleware.
    ///
    /// - Parameter origin: The service's origin.
    public init(origin: HTTPOrigin) {
        self.origin = origin
    }

    /// Binds the request to ``origin`` and sends it, or throws ``AuthError/Kind/insecureTransport``.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var bound = request
        bound.credentialOrigin = origin
        try TransportSecurityMiddleware.check(bound)
        return try await next(bound)
    }
}

/// Follows redirects itself, so that credentials never cross to another origin.
///
/// Transports do not follow redirects (that is part of the ``HTTPTransport`` contract); this middleware does:
/// - a redirect to the same origin keeps the request as it is;
/// - a redirect to another origin (a different scheme, host or port, so HTTPS to plain HTTP included) of a request
///   whose credential is bound to its origin (``HTTPRequest/credentialOrigin``, such as a sign-in body) is not
///   followed: it throws ``AuthError/Kind/credentialRedirect`` naming the target's origin, and nothing is sent there;
/// - a redirect to another origin of any other request drops every sensitive header first;
/// - when a redirect to another origin ends in 401 or 403, that origin's rejection says nothing about the
///   service's token: it throws ``AuthError/Kind/foreignRejection`` naming that origin, so no refresh happens.
///
/// `303 See Other`, and `301` or `302` after a `POST`, become a `GET` without body. Only `http` and `https`
/// targets are followed.
public struct RedirectMiddleware: HTTPMiddleware {
    /// The most redirects followed for one request.
    public var maximumRedirects: Int

    /// Creates the middleware.
    public init(maximumRedirects: Int = 5) {
        self.maximumRedirects = maximumRedirects
    }

    /// Follows up to ``maximumRedirects`` redirects.
    public func intercept(
        _ request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var current = request
        var response = try await next(current)
        var followed = 0
        var leftOrigin = false
        while [301, 302, 303, 307, 308].contains(response.status), followed < maximumRedirects,
            let location = response.headers["Location"],
            let target = URL(string: location, relativeTo: current.url)?.absoluteURL,
            let targetOrigin = HTTPOrigin(target), targetOrigin.scheme == "http" || targetOrigin.scheme == "https"
        {
            var redirected = current
            redirected.url = target
            if current.origin != targetOrigin {
                if current.credentialOrigin != nil {
                    throw AuthError(
                        .credentialRedirect, status: response.status,
                        detail: "refusing to follow a redirect that would take a credential to another origin"
                    ).about(targetOrigin)
                }
                redirected.headers.removeSensitive()
            }
            if response.status == 303 || ([301, 302].contains(response.status) && current.method == .post) {
                redirected.method = .get
                redirected.body = nil
                redirected.headers.remove(name: "Content-Type")
            }
            leftOrigin = leftOrigin || HTTPOrigin(request.url) != targetOrigin
            current = redirected
            response = try await next(current)
            followed += 1
        }
        if leftOrigin, response.status == 401 || response.status == 403, let answering = current.origin,
            HTTPOrigin(request.url) != answering
        {
            throw AuthError(
                .foreignRejection, status: response.status,
                detail: "a redirect target on another origin refused the request; the service's token is not at fault"
            ).about(answering)
        }
        return response
    }
}
