import Foundation
public import ScopedAuth

extension SpaceliftClient where Source == TokenSession {
    /// Creates a client from an API key in the environment: `SPACELIFT_API_KEY_ENDPOINT`, `SPACELIFT_API_KEY_ID`
    /// and `SPACELIFT_API_KEY_SECRET`, as spacectl reads them.
    ///
    /// ```swift
    /// let client = try SpaceliftClient(apiKeyFrom: .process)
    /// ```
    ///
    /// - Parameters:
    ///   - environment: The variables, usually ``SpaceliftEnvironment/process``.
    ///   - transport: The network; `URLSessionTransport` by default.
    ///   - clock: The clock for expiry, refresh timing and backoff.
    ///   - refreshPolicy: When to refresh and how to back off.
    ///   - retryPolicy: How transient HTTP failures are retried.
    ///   - tokenStore: Where the token is shared with other processes and later runs (see
    ///     `TokenStoreConfiguration`); `nil` for none.
    /// - Throws: ``SpaceliftEnvironmentError`` naming every missing or invalid variable.
    public init(
        apiKeyFrom environment: SpaceliftEnvironment,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        refreshPolicy: RefreshPolicy = .default,
        retryPolicy: RetryPolicy = .default,
        tokenStore: TokenStoreConfiguration? = nil
    ) throws {
        let (endpoint, key) = try environment.apiKey()
        try self.init(credential: .apiKey(key), baseURL: endpoint, transport: transport, clock: clock,
                      refreshPolicy: refreshPolicy, retryPolicy: retryPolicy, tokenStore: tokenStore)
    }

    /// Creates a client from an API key in the environment, under the former labels.
    @available(*, deprecated, renamed: "init(apiKeyFrom:transport:clock:refreshPolicy:retryPolicy:tokenStore:)")
    public init(
        apiKeyFrom environment: SpaceliftEnvironment,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        policy: RefreshPolicy,
        retry: RetryPolicy = .default
    ) throws {
        try self.init(apiKeyFrom: environment, transport: transport, clock: clock, refreshPolicy: policy,
                      retryPolicy: retry)
    }
}

extension SpaceliftClient where Source == StaticToken {
    /// Creates a client from a static token in the environment: `SPACELIFT_API_TOKEN`, with the endpoint from
    /// `SPACELIFT_API_KEY_ENDPOINT` or else from the token's `aud` claim.
    ///
    /// ```swift
    /// let client = try SpaceliftClient(tokenFrom: .process)
    /// ```
    ///
    /// - Parameters:
    ///   - environment: The variables, usually ``SpaceliftEnvironment/process``.
    ///   - transport: The network; `URLSessionTransport` by default.
    ///   - clock: The clock that the token's expiry is measured on.
    ///   - retryPolicy: How transient HTTP failures are retried.
    /// - Throws: ``SpaceliftEnvironmentError`` when `SPACELIFT_API_TOKEN` is missing or the endpoint is invalid;
    ///   `AuthError` when the token cannot be used (see ``init(token:baseURL:expiryMargin:transport:clock:retryPolicy:)``).
    public init(
        tokenFrom environment: SpaceliftEnvironment,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        retryPolicy: RetryPolicy = .default
    ) throws {
        guard let token = environment.token else {
            throw SpaceliftEnvironmentError(missingVariables: [SpaceliftEnvironment.tokenVariable])
        }
        let endpoint = try environment.endpointURL()
        try self.init(token: token, baseURL: endpoint, transport: transport, clock: clock, retryPolicy: retryPolicy)
    }

    /// Creates a client from a static token in the environment, under the former label `retry:`.
    @available(*, deprecated, renamed: "init(tokenFrom:transport:clock:retryPolicy:)")
    public init(
        tokenFrom environment: SpaceliftEnvironment,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        retry: RetryPolicy
    ) throws {
        try self.init(tokenFrom: environment, transport: transport, clock: clock, retryPolicy: retry)
    }
}
