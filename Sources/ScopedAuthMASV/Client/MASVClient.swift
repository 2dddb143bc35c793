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
    public static let productionURL = URL(string: "https://api.massive.app") ?? URL(fileURLWithPath: "/")

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
    ///   - retry: How API requests retry transient failures.
    ///   - tokenStore: Where the token is shared with other processes and later runs (see `TokenStoreConfiguration`); `nil` for none. Used by a user session only.
    public init(
        credential: MASVCredential,
        baseURL: URL = MASVClient.productionURL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        refreshPolicy: RefreshPolicy = .default,
        retry: RetryMiddleware.RetryPolicy = .default,
        tokenStore: TokenStoreConfiguration? = nil
    ) {
        connection = MASVConnection(
            baseURL: baseURL, origin: HTTPOrigin(baseURL), transport: transport, clock: clock, retry: retry
        )
        switch credential.kind {
        case .user(let credentials):
            let exchange = MASVUserExchange(credentials: credentials, connection: connection)
            let session = TokenSession(
                exchange: exchange, policy: refreshPolicy, clock: clock,
                label: SessionLabel(service: MASVConnection.service, credential: credentials.email),
                store: tokenStore?.binding(service: MASVConnection.service,
                                           identity: [baseURL.absoluteString, credentials.email],
                                           secret: credentials.password))
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

    /// Team packages: create, get, and the headline ``MASVPackages/upload(_:team:name:description:recipients:options:)``.
    public var packages: MASVPackages { MASVPackages(connection: connection, user: user) }

    /// Portal packages, created without user authentication and holding an upload-only token.
    public var portals: MASVPortals { MASVPortals(connection: connection) }

    /// Download links opened with their credentials.
    public var links: MASVLinks { MASVLinks(connection: connection) }

    /// The user session's events (sign-ins, refreshes, failures), or an empty stream for an API key.
    ///
    /// - Returns: The events of the user session.
    public func events() -> AsyncStream<AuthEvent> {
        session?.events() ?? AsyncStream { $0.finish() }
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

    /// The pipeline for user-level requests.
    var user: HTTPClient { connection.client(source: userSource) }
}
