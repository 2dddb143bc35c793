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
    ///   - policy: When to refresh and how to back off.
    ///   - retry: How transient HTTP failures are retried.
    /// - Throws: ``SpaceliftEnvironmentError`` naming every missing or invalid variable.
    public init(
        apiKeyFrom environment: SpaceliftEnvironment,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        policy: RefreshPolicy = .default,
        retry: RetryMiddleware.RetryPolicy = .default
    ) throws {
        let (endpoint, key) = try environment.apiKey()
        try self.init(endpoint: endpoint, apiKey: key, transport: transport, clock: clock, policy: policy, retry: retry)
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
    ///   - retry: How transient HTTP failures are retried.
    /// - Throws: ``SpaceliftEnvironmentError`` when `SPACELIFT_API_TOKEN` is missing or the endpoint is invalid;
    ///   `AuthError` when the token cannot be used (see ``init(token:endpoint:expiryMargin:transport:clock:retry:)``).
    public init(
        tokenFrom environment: SpaceliftEnvironment,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        retry: RetryMiddleware.RetryPolicy = .default
    ) throws {
        guard let token = environment.token else {
            throw SpaceliftEnvironmentError(missingVariables: [SpaceliftEnvironment.tokenVariable])
        }
        let endpoint = try environment.endpointURL()
        try self.init(token: token, endpoint: endpoint, transport: transport, clock: clock, retry: retry)
    }
}
