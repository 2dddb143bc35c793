public import Foundation
public import ScopedAuth

/// A client for one Spacelift account's GraphQL API (`https://<account>.app.spacelift.io/graphql`).
///
/// The kind of token is part of the type. A client built from an API key or a GitHub token is a
/// `SpaceliftClient<TokenSession>`: its session exchanges the credential, refreshes the token ahead of
/// `validUntil` (Spacelift may answer an expired token with empty data instead of an error, so a token inside its
/// hard margin is never sent), and after an "unauthorized" answer refreshes once and replays once. A client built
/// from a static bearer token is a `SpaceliftClient<StaticToken>`: it cannot refresh, and once the token's `exp`
/// is near it fails fast with `AuthError.Kind.tokenExpired` before sending anything.
///
/// ```swift
/// let client = try SpaceliftClient(
///     endpoint: URL(string: "https://acme.app.spacelift.io")!,
///     apiKey: KeyAndSecret(id: keyID, secret: Secret(keySecret)))
/// for stack in try await client.stacks() {
///     logger.info("\(stack.name) \(stack.state)")
/// }
/// ```
public struct SpaceliftClient<Source: TokenSource>: Sendable, CustomStringConvertible, CustomReflectable {
    /// The account endpoint, such as `https://acme.app.spacelift.io`.
    public let endpoint: URL
    /// Where this client's tokens come from: a `TokenSession` or a `StaticToken`.
    public let tokenSource: Source
    /// The URL every operation is posted to.
    let graphQLURL: URL
    /// The request pipeline: token stamping and replay, retries, safe redirects.
    let http: HTTPClient

    /// Creates a client over an already built token source; the public initialisers choose the source.
    init(endpoint: URL, origin: HTTPOrigin, tokenSource: Source, transport: any HTTPTransport, clock: any AuthClock,
         retry: RetryMiddleware.RetryPolicy)
    {
        self.endpoint = endpoint
        self.tokenSource = tokenSource
        graphQLURL = SpaceliftService.graphQLURL(for: endpoint)
        http = HTTPClient.authorized(transport: transport, source: tokenSource, origin: origin, clock: clock,
                                     retry: retry, service: SpaceliftService.name)
    }

    /// The bearer token to use now, for tools that need it themselves (such as `curl`).
    ///
    /// Like `spacectl profile export-token`, a session client first refreshes a token that is no longer fresh.
    ///
    /// ```swift
    /// let bearer = try await client.currentToken().revealed
    /// ```
    ///
    /// - Returns: The token; it never prints.
    /// - Throws: `AuthError`: `AuthError.Kind.invalidCredentials` when the credential is
    ///   refused, `AuthError.Kind.tokenExpired` for an expired static token.
    public func currentToken() async throws -> Secret {
        try await tokenSource.token().value
    }

    /// The endpoint and the kind of token; never a credential.
    public var description: String { "SpaceliftClient(endpoint: \(endpoint.redactedForDisplay), token: \(Source.self))" }

    /// A mirror of the ``description``, so `dump` shows no credential and no transport internals.
    public var customMirror: Mirror { Mirror(self, children: ["client": description], displayStyle: .struct) }
}
