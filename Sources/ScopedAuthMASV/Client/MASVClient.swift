public import Foundation
public import ScopedAuth

/// The MASV API client: packages, portals, links and the teams of the signed-in user.
///
/// User-level requests carry the credential you give (a user session in `X-User-Token`, refreshed before it
/// expires, or an API key in `X-API-KEY`); package and transfer requests carry their own tokens, held by
/// ``PackageHandle`` and ``TransferHandle``. Presigned storage URLs never receive a MASV credential.
///
/// ```swift
/// let client = MASVClient(credential: .apiKey(Secret(key)))
/// let upload = client.packages.upload([URL(filePath: "/footage")], team: teamID, name: "Rushes")
/// for await progress in upload.progress { logger.info("\(progress.bytesSent) / \(progress.totalBytes)") }
/// let package = try await upload.value
/// ```
public struct MASVClient: Sendable {
    /// MASV's production API, `https://api.massive.app`.
    public static let productionBaseURL = URL(string: "https://api.massive.app") ?? URL(fileURLWithPath: "/")

    /// MASV's production API under its former name.
    @available(*, deprecated, renamed: "productionBaseURL")
    public static var productionURL: URL { productionBaseURL }

    /// The API's root that every path is appended to.
    public var baseURL: URL { connection.baseURL }

    let connection: MASVConnection
    private let userSource: any TokenSource
    private let userExchange: MASVUserExchange?
    private let session: TokenSession?

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - credential: A user session (``MASVCredential/user(_:)``) or an API key (``MASVCredential/apiKey(_:)``).
    ///   - baseURL: The API's root (the paths add `/v1/...`); MASV's production API by default.
    ///   - transport: The network; tests pass an emulator's transport.
    ///   - clock: The clock for token expiry, retries and backoff.
    ///   - refreshPolicy: Margins and backoff of the user session.
    ///   - retryPolicy: How API requests retry transient failures.
    ///   - tokenStore: Where the token is shared with other processes and later runs (see `TokenStoreConfiguration`); `nil` for none. Used by a user session only.
    public init(
        credential: MASVCredential,
        baseURL: URL = MASVClient.productionBaseURL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        refreshPolicy: RefreshPolicy = .default,
        retryPolicy: RetryPolicy = .default,
        tokenStore: TokenStoreConfiguration? = nil
    ) {
        connection = MASVConnection(
            baseURL: baseURL, origin: HTTPOrigin(baseURL), transport: transport, clock: clock, retryPolicy: retryPolicy
        )
        switch credential.kind {
        case .user(let credentials):
            let (exchange, session) = Self.userSession(
                credentials, connection: connection, refreshPolicy: refreshPolicy, tokenStore: tokenStore)
            userExchange = exchange
            self.session = session
            userSource = session
        case .apiKey(let key):
            userExchange = nil
            session = nil
            userSource = StaticToken(key, clock: clock, authorize: { request, token in
                request.headers["X-API-KEY"] = token.value.revealed
            })
        }
    }

    /// The user session of `credentials`: its sign-in, and the session over it, keyed in `tokenStore` by the base URL
    /// and the email (and the password, so that a changed password gets a new key).
    private static func userSession(
        _ credentials: EmailPassword, connection: MASVConnection, refreshPolicy: RefreshPolicy,
        tokenStore: TokenStoreConfiguration?
    ) -> (MASVUserExchange, TokenSession) {
        let exchange = MASVUserExchange(credentials: credentials, connection: connection)
        let session = TokenSession(
            exchange: exchange, policy: refreshPolicy, clock: connection.clock,
            label: SessionLabel(service: MASVConnection.service, credential: credentials.email),
            store: tokenStore?.binding(service: MASVConnection.service,
                                       identity: [connection.baseURL.absoluteString, credentials.email],
                                       secret: credentials.password))
        return (exchange, session)
    }

    /// The user session a client with `credentials` would keep to itself, for a tool whose job is to print its token
    /// (`scopedauth token masv`): the same sign-in, the same `X-User-Token`, and the same key in `tokenStore`, so a
    /// token the tool keeps serves a client on the same store, and the reverse.
    ///
    /// Not API: `@_spi(TokenExport) import ScopedAuthMASV`. A client never hands out its user token; this is the one
    /// door, for the CLI. Shut the session down when done.
    @_spi(TokenExport) public static func exportableUserSession(
        _ credentials: EmailPassword, baseURL: URL = MASVClient.productionBaseURL,
        transport: any HTTPTransport = URLSessionTransport(), clock: any AuthClock = SystemAuthClock(),
        tokenStore: TokenStoreConfiguration? = nil
    ) -> TokenSession {
        let connection = MASVConnection(
            baseURL: baseURL, origin: HTTPOrigin(baseURL), transport: transport, clock: clock, retryPolicy: .default)
        return userSession(credentials, connection: connection, refreshPolicy: .default, tokenStore: tokenStore).1
    }

    /// Team packages: create, get, and the headline ``MASVPackages/upload(_:team:name:description:recipients:options:)``.
    public var packages: MASVPackages { MASVPackages(connection: connection, user: user) }

    /// Portal packages, created without user authentication and holding an upload-only token.
    public var portals: MASVPortals { MASVPortals(connection: connection) }

    /// Download links opened with their credentials.
    public var links: MASVLinks { MASVLinks(connection: connection) }

    /// The user session's events (sign-ins, refreshes, failures), or an empty stream for an API key.
    ///
    /// - Parameter bufferSize: How many events to keep for a slow reader.
    /// - Returns: A new stream of the user session's events that ends at ``shutdown()``.
    public func events(bufferSize: Int = 1_000) -> AsyncStream<AuthEvent> {
        session?.events(bufferSize: bufferSize) ?? AsyncStream { $0.finish() }
    }

    /// The user session's events, each labeled with `MASV` and the user's email, or an empty stream for an API key.
    ///
    /// - Parameter bufferSize: How many events to keep for a slow reader.
    /// - Returns: The labeled events of the user session.
    public func labeledEvents(bufferSize: Int = 1_000) -> AsyncStream<LabeledAuthEvent> {
        session?.labeledEvents(bufferSize: bufferSize) ?? AsyncStream { $0.finish() }
    }

    /// The teams the signed-in user belongs to, from the latest `POST /v1/auth` (signing in if needed).
    ///
    /// ```swift
    /// let teamID = try await client.teams()[0].id
    /// ```
    ///
    /// - Returns: The teams.
    /// - Throws: `AuthError`: `invalidCredentials` for a wrong email or password, and `invalidRequest` for an
    ///   API-key client, whose teams MASV does not list (name the team yourself).
    public func teams() async throws -> [MASVTeam] {
        guard let userExchange, let session else {
            throw AuthError(.invalidRequest, service: MASVConnection.service,
                            detail: "teams come from a user sign-in; an API-key client names its team")
        }
        let token = try await session.token()
        if userExchange.teams == nil {
            // The token came from a TokenStore, without a sign-in here: the teams come only with a sign-in.
            _ = try await session.replacement(afterRejectionOf: token.generation)
        }
        return userExchange.teams ?? []
    }

    /// Stops the user session's background work; requests made afterwards fail with `shutdown`.
    public func shutdown() async {
        await session?.shutdown()
    }

    /// Creates a client, with the retry policy under its former label `retry:`.
    @available(*, deprecated, renamed: "init(credential:baseURL:transport:clock:refreshPolicy:retryPolicy:)")
    public init(
        credential: MASVCredential,
        baseURL: URL = MASVClient.productionBaseURL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        refreshPolicy: RefreshPolicy = .default,
        retry: RetryPolicy
    ) {
        self.init(credential: credential, baseURL: baseURL, transport: transport, clock: clock,
                  refreshPolicy: refreshPolicy, retryPolicy: retry)
    }

    /// The pipeline for user-level requests.
    var user: HTTPClient { connection.client(source: userSource) }
}
