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
///     credential: .apiKey(KeyAndSecret(id: keyID, secret: Secret(keySecret))),
///     baseURL: URL(string: "https://acme.app.spacelift.io")!)
/// for stack in try await client.stacks() {
///     logger.info("\(stack.name) \(stack.state)")
/// }
/// ```
public struct SpaceliftClient<Source: TokenSource>: Sendable, CustomStringConvertible, CustomReflectable {
    /// The account endpoint, such as `https://acme.app.spacelift.io`.
    public let baseURL: URL
    /// Where this client's tokens come from: a `TokenSession` or a `StaticToken`.
    public let tokenSource: Source
    /// The URL every operation is posted to.
    let graphQLURL: URL
    /// The request pipeline: token stamping and replay, retries, safe redirects.
    let http: HTTPClient
    /// Set by ``shutdown()``; a static-token client checks it before each operation (a session fails by itself).
    private let stopped = LockedValue(false)

    /// The account endpoint under its former name.
    @available(*, deprecated, renamed: "baseURL")
    public var endpoint: URL { baseURL }

    /// Creates a client over an already built token source; the public initialisers choose the source.
    init(baseURL: URL, origin: HTTPOrigin, tokenSource: Source, transport: any HTTPTransport, clock: any AuthClock,
         retryPolicy: RetryPolicy)
    {
        self.baseURL = baseURL
        self.tokenSource = tokenSource
        graphQLURL = SpaceliftService.graphQLURL(for: baseURL)
        http = HTTPClient.authorized(transport: transport, source: tokenSource, origin: origin, clock: clock,
                                     retryPolicy: retryPolicy, service: SpaceliftService.name)
    }

    /// The session's events (exchanges, refreshes, replays; they never carry a token), or an empty stream for a
    /// static token, which has no session.
    ///
    /// - Parameter bufferSize: How many events to keep for a slow reader.
    /// - Returns: A new stream that ends at ``shutdown()``.
    public func events(bufferSize: Int = 1_000) -> AsyncStream<AuthEvent> {
        (tokenSource as? TokenSession)?.events(bufferSize: bufferSize) ?? AsyncStream { $0.finish() }
    }

    /// Stops the client: waiting calls fail with `AuthError.Kind.shutdown` and so does every later one.
    public func shutdown() async {
        stopped.withLock { $0 = true }
        await (tokenSource as? TokenSession)?.shutdown()
    }

    /// Fails with `shutdown` once ``shutdown()`` was called.
    func checkRunning() throws(AuthError) {
        if stopped.withLock({ $0 }) { throw AuthError(.shutdown, service: SpaceliftService.name) }
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
        try checkRunning()
        return try await tokenSource.token().value
    }

    /// The endpoint and the kind of token; never a credential.
    public var description: String { "SpaceliftClient(baseURL: \(baseURL.redactedForDisplay), token: \(Source.self))" }

    /// A mirror of the ``description``, so `dump` shows no credential and no transport internals.
    public var customMirror: Mirror { Mirror(self, children: ["client": description], displayStyle: .struct) }
}
