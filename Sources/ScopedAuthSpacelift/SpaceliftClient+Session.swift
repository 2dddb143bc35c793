public import Foundation
public import ScopedAuth

extension SpaceliftClient where Source == TokenSession {
    /// Creates a client that exchanges `credential` (an API key or a GitHub token) for tokens.
    ///
    /// No request is sent until the first operation. An API key's id prints in errors; no secret ever does.
    ///
    /// ```swift
    /// let client = try SpaceliftClient(
    ///     credential: .apiKey(KeyAndSecret(id: "01HV…", secret: Secret(secret))),
    ///     baseURL: URL(string: "https://acme.app.spacelift.io")!)
    /// ```
    ///
    /// - Parameters:
    ///   - credential: ``SpaceliftCredential/apiKey(_:)`` or ``SpaceliftCredential/gitHubToken(_:)``.
    ///   - baseURL: The account endpoint, `https://<account>.app.spacelift.io` (Spacelift has no single
    ///     production URL: every account has its own).
    ///   - transport: The network; `URLSessionTransport` by default.
    ///   - clock: The clock for expiry, refresh timing and backoff.
    ///   - refreshPolicy: When to refresh and how to back off.
    ///   - retryPolicy: How transient HTTP failures are retried.
    ///   - tokenStore: Where the token is shared with other processes and later runs (see `TokenStoreConfiguration`); `nil` for none.
    /// - Throws: `AuthError.Kind.invalidRequest` when `baseURL` has no host.
    public init(
        credential: SpaceliftCredential,
        baseURL: URL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        refreshPolicy: RefreshPolicy = .default,
        retryPolicy: RetryPolicy = .default,
        tokenStore: TokenStoreConfiguration? = nil
    ) throws(AuthError) {
        let origin = try SpaceliftService.origin(of: baseURL)
        // The exchange carries the credential in its body: its pipeline binds every request to the account's
        // origin (HTTPS or loopback only, no redirect elsewhere), with retries but no token stamping.
        let exchange = SpaceliftTokenExchange(
            mutation: credential.mutation,
            graphQLURL: SpaceliftService.graphQLURL(for: baseURL),
            http: .exchange(transport: transport, origin: origin, clock: clock, retryPolicy: retryPolicy,
                            service: SpaceliftService.name)
        )
        let session = TokenSession(
            exchange: exchange, policy: refreshPolicy, clock: clock,
            label: SessionLabel(service: SpaceliftService.name, credential: credential.label),
            store: tokenStore?.binding(service: SpaceliftService.name,
                                       identity: [baseURL.absoluteString] + credential.storeIdentity,
                                       secret: credential.storeSecret))
        self.init(baseURL: baseURL, origin: origin, tokenSource: session, transport: transport, clock: clock,
                  retryPolicy: retryPolicy)
    }

    /// Creates a client that exchanges a Spacelift API key, under the former labels.
    @available(*, deprecated, message: "use init(credential: .apiKey(key), baseURL:transport:clock:refreshPolicy:retryPolicy:)")
    public init(
        endpoint: URL,
        apiKey: KeyAndSecret,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        policy: RefreshPolicy = .default,
        retry: RetryPolicy = .default
    ) throws(AuthError) {
        try self.init(credential: .apiKey(apiKey), baseURL: endpoint, transport: transport, clock: clock,
                      refreshPolicy: policy, retryPolicy: retry)
    }

    /// Creates a client that exchanges a GitHub token, under the former labels.
    @available(*, deprecated, message: "use init(credential: .gitHubToken(token), baseURL:transport:clock:refreshPolicy:retryPolicy:)")
    public init(
        endpoint: URL,
        gitHubToken: Secret,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        policy: RefreshPolicy = .default,
        retry: RetryPolicy = .default
    ) throws(AuthError) {
        try self.init(credential: .gitHubToken(gitHubToken), baseURL: endpoint, transport: transport, clock: clock,
                      refreshPolicy: policy, retryPolicy: retry)
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
}
