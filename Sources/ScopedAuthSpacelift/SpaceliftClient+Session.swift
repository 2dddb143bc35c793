public import Foundation
public import ScopedAuth

extension SpaceliftClient where Source == TokenSession {
    /// Creates a client that exchanges a Spacelift API key for tokens (`apiKeyUser(id:secret:)`).
    ///
    /// No request is sent until the first operation. The key's id prints in errors; its secret never does.
    ///
    /// ```swift
    /// let client = try SpaceliftClient(
    ///     endpoint: URL(string: "https://acme.app.spacelift.io")!,
    ///     apiKey: KeyAndSecret(id: "01HV…", secret: Secret(secret)))
    /// ```
    ///
    /// - Parameters:
    ///   - endpoint: The account endpoint, `https://<account>.app.spacelift.io`.
    ///   - apiKey: The key id (a ULID) and its secret, as in the downloaded key file.
    ///   - transport: The network; `URLSessionTransport` by default.
    ///   - clock: The clock for expiry, refresh timing and backoff.
    ///   - policy: When to refresh and how to back off.
    ///   - retry: How transient HTTP failures are retried.
    ///   - tokenStore: Where the token is shared with other processes and later runs (see `TokenStoreConfiguration`); `nil` for none.
    /// - Throws: `AuthError.Kind.invalidRequest` when `endpoint` has no host.
    public init(
        endpoint: URL,
        apiKey: KeyAndSecret,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        policy: RefreshPolicy = .default,
        retry: RetryMiddleware.RetryPolicy = .default,
        tokenStore: TokenStoreConfiguration? = nil
    ) throws(AuthError) {
        try self.init(endpoint: endpoint, mutation: SpaceliftTokenExchange.apiKey(apiKey), transport: transport,
                      clock: clock, policy: policy, retry: retry, credentialLabel: "api-key \(apiKey.id)",
                      store: tokenStore?.binding(service: SpaceliftService.name,
                                                 identity: [endpoint.absoluteString, "api-key", apiKey.id],
                                                 secret: apiKey.secret))
    }

    /// Creates a client that exchanges a GitHub token for Spacelift tokens (`oauthUser(token:)`), for accounts
    /// that use GitHub as their identity provider.
    ///
    /// ```swift
    /// let client = try SpaceliftClient(endpoint: endpoint, gitHubToken: Secret(pat))
    /// ```
    ///
    /// - Parameters:
    ///   - endpoint: The account endpoint, `https://<account>.app.spacelift.io`.
    ///   - gitHubToken: A GitHub personal access token.
    ///   - transport: The network; `URLSessionTransport` by default.
    ///   - clock: The clock for expiry, refresh timing and backoff.
    ///   - policy: When to refresh and how to back off.
    ///   - retry: How transient HTTP failures are retried.
    ///   - tokenStore: Where the token is shared with other processes and later runs (see `TokenStoreConfiguration`); `nil` for none.
    /// - Throws: `AuthError.Kind.invalidRequest` when `endpoint` has no host.
    public init(
        endpoint: URL,
        gitHubToken: Secret,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        policy: RefreshPolicy = .default,
        retry: RetryMiddleware.RetryPolicy = .default,
        tokenStore: TokenStoreConfiguration? = nil
    ) throws(AuthError) {
        try self.init(endpoint: endpoint, mutation: SpaceliftTokenExchange.gitHubToken(gitHubToken),
                      transport: transport, clock: clock, policy: policy, retry: retry, credentialLabel: "github-token",
                      store: tokenStore?.binding(service: SpaceliftService.name,
                                                 identity: [endpoint.absoluteString, "github-token"],
                                                 secret: gitHubToken))
    }

    private init(
        endpoint: URL,
        mutation: SpaceliftTokenExchange.Mutation,
        transport: any HTTPTransport,
        clock: any AuthClock,
        policy: RefreshPolicy,
        retry: RetryMiddleware.RetryPolicy,
        credentialLabel: String,
        store: TokenStoreBinding?
    ) throws(AuthError) {
        let origin = try SpaceliftService.origin(of: endpoint)
        // The exchange carries the credential in its body: its pipeline binds every request to the account's
        // origin (HTTPS or loopback only, no redirect elsewhere), with retries but no token stamping.
        let exchange = SpaceliftTokenExchange(
            mutation: mutation,
            graphQLURL: SpaceliftService.graphQLURL(for: endpoint),
            http: .exchange(transport: transport, origin: origin, clock: clock, retry: retry, service: SpaceliftService.name)
        )
        let session = TokenSession(
            exchange: exchange, policy: policy, clock: clock,
            label: SessionLabel(service: SpaceliftService.name, credential: credentialLabel), store: store)
        self.init(endpoint: endpoint, origin: origin, tokenSource: session, transport: transport, clock: clock,
                  retry: retry)
    }

    /// Exchanges the credential again now, even if the current token is still fresh, and returns the new token.
    ///
    /// Concurrent calls (and requests rejected at the same time) share one exchange. Only a client with an
    /// exchangeable credential has this method: a static token cannot be refreshed.
    ///
    /// ```swift
    /// let bearer = try await client.refresh().revealed
    /// ```
    ///
    /// - Returns: The new token.
    /// - Throws: `AuthError` when the exchange fails.
    @discardableResult
    public func refresh() async throws -> Secret {
        let current: AccessToken
        if let fresh = tokenSource.freshToken() {
            current = fresh
        } else {
            // A refresh was due: `token()` waited for it (its token is new) unless the token was only inside its
            // soft margin, where it is handed out while a background refresh runs; then wait for that refresh.
            let due = try await tokenSource.token()
            guard await tokenSource.isRefreshing else { return due.value }
            current = due
        }
        // Rejecting the current generation starts one exchange, shared by every caller that rejects it.
        guard let replacement = try await tokenSource.replacement(afterRejectionOf: current.generation) else {
            throw AuthError(.shutdown, service: SpaceliftService.name)
        }
        return replacement.value
    }

    /// A stream of the session's events (exchanges, refreshes, replays); they never carry a token.
    ///
    /// - Parameter bufferSize: How many events to keep for a slow reader.
    /// - Returns: A new stream that ends at ``shutdown()``.
    public func events(bufferSize: Int = 1_000) -> AsyncStream<AuthEvent> {
        tokenSource.events(bufferSize: bufferSize)
    }

    /// Stops the session: waiting calls fail with `AuthError.Kind.shutdown` and so does every later one.
    public func shutdown() async {
        await tokenSource.shutdown()
    }
}
