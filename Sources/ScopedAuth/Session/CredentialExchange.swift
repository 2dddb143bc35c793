/// How a service turns a credential into a token, how the token goes on a request, and how the service says
/// "this token is not accepted".
///
/// Each service module implements one exchange per credential kind; a ``TokenSession`` calls ``exchange()``
/// whenever it needs a new token (never concurrently with itself) and the ``AuthMiddleware`` uses
/// ``authorize(_:with:)`` and ``isTokenRejected(_:)`` on every request.
///
/// ```swift
/// struct MudstackExchange: CredentialExchange {
///     let transport: any HTTPTransport
///     func exchange() async throws -> IssuedToken {
///         let response = try await transport.send(tokenRequest)
///         return IssuedToken(value: Secret(try decodeBareString(response)),
///                            expiry: .fromJWT(orLifetime: .seconds(3600)), serverDate: response.serverDate)
///     }
/// }
/// ```
public protocol CredentialExchange: Sendable {
    /// Exchanges the credential for a new token.
    ///
    /// - Throws: ``AuthError``: ``AuthError/Kind/invalidCredentials`` (and other non-transient kinds) are
    ///   permanent; transient kinds are retried with backoff. Any other error counts as transient, and so does a
    ///   `CancellationError` the session did not ask for.
    func exchange() async throws -> IssuedToken

    /// Puts `token` on `request` (default: `Authorization: Bearer <token>`).
    func authorize(_ request: inout HTTPRequest, with token: AccessToken)

    /// Whether `response` means the token it carried is not accepted (default: HTTP 401).
    func isTokenRejected(_ response: HTTPResponse) -> Bool
}

extension CredentialExchange {
    /// Sets `Authorization: Bearer <token>`.
    public func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
        request.headers["Authorization"] = "Bearer " + token.value.revealed
    }

    /// HTTP 401.
    public func isTokenRejected(_ response: HTTPResponse) -> Bool {
        response.status == 401
    }
}

/// Anything that hands out tokens for requests: a refreshing ``TokenSession`` or a ``StaticToken``.
///
/// ``AuthMiddleware`` works with any token source, so a static API key and an exchanged JWT go through the same
/// request pipeline.
public protocol TokenSource: Sendable {
    /// A token to send now.
    func token() async throws -> AccessToken

    /// A token to replay a request with after the service rejected `generation`, or `nil` when the source cannot
    /// provide a different one (the rejection is then returned to the caller).
    func replacement(afterRejectionOf generation: TokenGeneration) async throws -> AccessToken?

    /// Puts `token` on `request`.
    func authorize(_ request: inout HTTPRequest, with token: AccessToken)

    /// Whether `response` means the token it carried is not accepted.
    func isTokenRejected(_ response: HTTPResponse) -> Bool
}

/// A token that never changes: an API key, a service-account secret, a package token.
///
/// A rejection is final: there is nothing to refresh, so the request is not replayed and the caller sees the
/// service's answer. An `expiresAt` makes ``token()`` fail fast with ``AuthError/Kind/tokenExpired`` once passed,
/// before any request is sent.
///
/// ```swift
/// let key = StaticToken(Secret(apiKey)) { request, token in
///     request.headers.add(name: "X-API-KEY", value: token.value.revealed)
/// }
/// ```
public struct StaticToken: TokenSource, CustomStringConvertible {
    private let accessToken: AccessToken
    private let clock: any AuthClock
    private let stamp: @Sendable (inout HTTPRequest, AccessToken) -> Void
    private let rejected: @Sendable (HTTPResponse) -> Bool

    /// Creates a static token source.
    ///
    /// - Parameters:
    ///   - value: The token or key.
    ///   - expiresAt: When it stops working, on `clock`; `nil` if it does not expire.
    ///   - clock: The clock that `expiresAt` refers to.
    ///   - isTokenRejected: Whether a response means the token was not accepted (default: HTTP 401).
    ///   - authorize: How the token goes on a request (default: `Authorization: Bearer`).
    public init(
        _ value: Secret,
        expiresAt: AuthInstant? = nil,
        clock: any AuthClock = SystemAuthClock(),
        isTokenRejected: @escaping @Sendable (HTTPResponse) -> Bool = { $0.status == 401 },
        authorize: @escaping @Sendable (inout HTTPRequest, AccessToken) -> Void = { request, token in
            request.headers["Authorization"] = "Bearer " + token.value.revealed
        }
    ) {
        accessToken = AccessToken(value: value, generation: TokenGeneration(rawValue: 1), expiresAt: expiresAt)
        self.clock = clock
        stamp = authorize
        rejected = isTokenRejected
    }

    /// The token, or ``AuthError/Kind/tokenExpired`` once its expiry has passed.
    public func token() throws -> AccessToken {
        if let expiresAt = accessToken.expiresAt, clock.now >= expiresAt {
            throw AuthError(.tokenExpired, detail: "static token expired; a new one must be issued")
        }
        return accessToken
    }

    /// Always `nil`: a static token cannot be replaced.
    public func replacement(afterRejectionOf generation: TokenGeneration) -> AccessToken? { nil }

    /// Applies the token with the configured stamping.
    public func authorize(_ request: inout HTTPRequest, with token: AccessToken) { stamp(&request, token) }

    /// Applies the configured rejection test.
    public func isTokenRejected(_ response: HTTPResponse) -> Bool { rejected(response) }

    /// The expiry; never the value.
    public var description: String { "StaticToken(\(accessToken))" }
}
