public import Foundation
public import ScopedAuth

/// A client of the Massdriver GraphQL API, typed by the credential it sends.
///
/// The credential's type decides what compiles: which endpoint (``MassdriverAPIVersion``) it may be sent to, and
/// whether queries that need a caller exist at all (``MassdriverCredential/IdentifiesCaller``). Massdriver
/// credentials are static: there is no exchange, so each client holds one `StaticToken` that the
/// standard pipeline (`HTTPClient.authorized(transport:source:origin:clock:retryPolicy:service:)`) stamps on
/// requests to the API's origin only. ``server()`` is always sent without credentials.
///
/// ```swift
/// let client = MassdriverClient(
///     credential: MassdriverServiceAccountSecret(organizationID: "acme", secret: secret)
/// )
/// if case .serviceAccount(let account) = try await client.viewer() {
///     logger.info("\(account.name) \(account.organization.name)")
/// }
/// ```
public struct MassdriverClient<Credential: MassdriverCredential>: Sendable {
    /// The endpoint this client posts to.
    public let apiVersion: MassdriverAPIVersion<Credential>
    /// The endpoint's full URL, such as `https://api.massdriver.cloud/api/v1`.
    public let endpoint: URL
    /// The API's base URL that ``endpoint`` is below, such as `https://api.massdriver.cloud`.
    public let baseURL: URL

    private let authenticatedPipeline: HTTPClient?
    private let anonymousPipeline: HTTPClient?
    /// Set by ``shutdown()``: Massdriver credentials are static, so the client itself refuses later operations.
    private let stopped = LockedValue(false)

    /// The production API's base URL, `https://api.massdriver.cloud`.
    public static var productionBaseURL: URL { URL(string: "https://api.massdriver.cloud")! }

    /// Creates a client.
    ///
    /// An access token's `expiresAt` is converted to a deadline on `clock` here, once.
    ///
    /// - Parameters:
    ///   - credential: What to send; its type decides which versions and operations exist.
    ///   - apiVersion: `.v1` or `.v2`, where the credential allows it (the credential's default otherwise).
    ///   - baseURL: The API's base URL (production by default; the emulator's origin in tests).
    ///   - transport: The network (`URLSessionTransport` by default).
    ///   - clock: The clock for expiry and retry backoff.
    ///   - retryPolicy: How transient failures are retried.
    public init(
        credential: Credential,
        apiVersion: MassdriverAPIVersion<Credential> = Credential.defaultAPIVersion,
        baseURL: URL = Self.productionBaseURL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        retryPolicy: RetryPolicy = .default
    ) {
        self.apiVersion = apiVersion
        self.baseURL = baseURL
        let path = RequestPath(literal: apiVersion.path)
        endpoint = (try? path.url(below: baseURL, service: MassdriverClientService.name))
            ?? baseURL.appending(path: String(apiVersion.path.dropFirst()))
        let source = credential.tokenSource(clock: clock)
        if let origin = HTTPOrigin(endpoint) {
            anonymousPipeline = .authorized(
                transport: transport, source: nil, origin: origin, clock: clock, retryPolicy: retryPolicy,
                service: MassdriverClientService.name)
            authenticatedPipeline = source.map {
                .authorized(
                    transport: transport, source: $0, origin: origin, clock: clock, retryPolicy: retryPolicy,
                    service: MassdriverClientService.name)
            }
        } else {
            anonymousPipeline = nil
            authenticatedPipeline = nil
        }
    }

    /// Creates a client, with the retry policy under its former label `retry:`.
    @available(*, deprecated, renamed: "init(credential:apiVersion:baseURL:transport:clock:retryPolicy:)")
    public init(
        credential: Credential,
        apiVersion: MassdriverAPIVersion<Credential> = Credential.defaultAPIVersion,
        baseURL: URL = Self.productionBaseURL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        retry: RetryPolicy
    ) {
        self.init(credential: credential, apiVersion: apiVersion, baseURL: baseURL, transport: transport, clock: clock,
                  retryPolicy: retry)
    }

    /// An empty stream that ends at once: Massdriver credentials are static, so there is no session whose
    /// refreshes could be observed. It is here so that every ScopedAuth client has the same surface.
    ///
    /// - Parameter bufferSize: How many events to keep for a slow reader (unused: there are none).
    /// - Returns: A finished stream.
    public func events(bufferSize: Int = 1_000) -> AsyncStream<AuthEvent> {
        AsyncStream { $0.finish() }
    }

    /// Stops the client: every later operation fails with `AuthError.Kind.shutdown` before sending anything.
    public func shutdown() async {
        stopped.withLock { $0 = true }
    }

    /// Runs one GraphQL document and returns the decoded value of its root field.
    func run<Result: Decodable>(
        _ document: String,
        variables: (any Encodable & Sendable)?,
        rootField: String,
        as type: Result.Type,
        authenticated: Bool
    ) async throws -> Result {
        if stopped.withLock({ $0 }) { throw AuthError(.shutdown, service: MassdriverClientService.name) }
        guard let pipeline = authenticated ? authenticatedPipeline : anonymousPipeline else {
            throw AuthError(.invalidRequest, service: MassdriverClientService.name,
                            detail: authenticated ? "this client has no credential" : "the base URL has no host")
        }
        let request = try GraphQLRequestBody(query: document, variables: variables)
            .request(to: endpoint, service: MassdriverClientService.name)
        let response = try await pipeline.send(request)
        return try GraphQLResponseReader(response: response).value(of: rootField, as: Result.self)
    }
}
