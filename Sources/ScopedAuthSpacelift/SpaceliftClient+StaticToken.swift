public import Foundation
public import ScopedAuth

extension SpaceliftClient where Source == StaticToken {
    /// Creates a client that sends a fixed bearer token, as `spacectl profile export-token` prints it.
    ///
    /// The token is a JWT: its `exp` decides when it stops being sent (`expiryMargin` early, because Spacelift
    /// may answer an expired token with empty data instead of an error), and its single `aud` claim is the
    /// account endpoint when `endpoint` is `nil`. Past that moment every operation fails with
    /// `AuthError.Kind.tokenExpired` before any request; a rejected token is not replayed.
    ///
    /// ```swift
    /// let client = try SpaceliftClient(token: Secret(exportedToken))
    /// let me = try await client.viewer()
    /// ```
    ///
    /// - Parameters:
    ///   - token: The bearer token.
    ///   - baseURL: The account endpoint; `nil` reads it from the token's `aud` claim.
    ///   - expiryMargin: How long before `exp` the token stops being sent (30 s, spacectl's padding).
    ///   - transport: The network; `URLSessionTransport` by default.
    ///   - clock: The clock that the token's expiry is measured on.
    ///   - retryPolicy: How transient HTTP failures are retried.
    /// - Throws: `AuthError.Kind.invalidCredentials` when the token is not a JWT with an `exp` (or,
    ///   without `baseURL`, without exactly one `aud`); `AuthError.Kind.invalidRequest` when the
    ///   endpoint has no host.
    public init(
        token: Secret,
        baseURL: URL? = nil,
        expiryMargin: Duration = .seconds(30),
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        retryPolicy: RetryPolicy = .default
    ) throws(AuthError) {
        let claims = try StaticTokenClaims(token: token)
        let resolvedEndpoint: URL
        if let baseURL {
            resolvedEndpoint = baseURL
        } else if let audience = claims.audience {
            resolvedEndpoint = audience
        } else {
            throw AuthError(.invalidCredentials, service: SpaceliftService.name,
                            detail: "the token has no single aud claim naming the account; pass the endpoint")
        }
        let origin = try SpaceliftService.origin(of: resolvedEndpoint)
        let remaining = Duration.clampedSeconds(claims.expiresAt.timeIntervalSince(clock.wallClockNow))
        let source = StaticToken(
            token,
            expiresAt: clock.now + remaining - expiryMargin,
            clock: clock,
            isTokenRejected: SpaceliftAuthFailure.isUnauthorized
        )
        self.init(baseURL: resolvedEndpoint, origin: origin, tokenSource: source, transport: transport, clock: clock,
                  retryPolicy: retryPolicy)
    }

    /// Creates a client that sends a fixed bearer token, under the former labels.
    @available(*, deprecated, renamed: "init(token:baseURL:expiryMargin:transport:clock:retryPolicy:)")
    public init(
        token: Secret,
        endpoint: URL?,
        expiryMargin: Duration = .seconds(30),
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        retry: RetryPolicy = .default
    ) throws(AuthError) {
        try self.init(token: token, baseURL: endpoint, expiryMargin: expiryMargin, transport: transport, clock: clock,
                      retryPolicy: retry)
    }
}

/// The claims of a static token that the client needs: `exp`, and the single `aud` if there is one.
private struct StaticTokenClaims {
    var expiresAt: Date
    var audience: URL?

    init(token: Secret) throws(AuthError) {
        let claims: JWTClaims
        do {
            claims = try JWTClaims(token: token.revealed)
        } catch {
            throw AuthError(.invalidCredentials, service: SpaceliftService.name,
                            detail: "the static token is not a readable JWT (\(error.detail ?? "malformed"))")
        }
        guard let expiresAt = claims.expiresAt else {
            throw AuthError(.invalidCredentials, service: SpaceliftService.name,
                            detail: "the static token has no exp claim")
        }
        self.expiresAt = expiresAt
        audience = Self.singleAudience(of: claims)
    }

    /// The `aud` claim when it names exactly one URL (a string or a one-element list), as spacectl requires.
    private static func singleAudience(of claims: JWTClaims) -> URL? {
        guard claims.audience.count == 1, let url = URL(string: claims.audience[0]), HTTPOrigin(url) != nil
        else { return nil }
        return url
    }
}
