public import Foundation
public import ScopedAuth

/// A MetaKraftwerk client that signs in with email and password and hands out role-typed project handles.
///
/// The client logs in with the Feathers `local` strategy on first use and keeps one `TokenSession`: any number
/// of concurrent calls share one login, the token is renewed by a new local login shortly before its `exp` (the
/// `jwt` strategy cannot extend it), and a 401 causes one re-login and one replay. Every `/api/v1` request
/// carries `Authorization: Bearer`.
///
/// ```swift
/// let client = MetaKraftwerkClient(credential: EmailPassword(email: "me@example.com", password: Secret(pw)))
/// let project = try await client.project(named: "DEMO_PROJECT", as: BuilderRole.self)
/// let build = try await project.startBuild(patternIDs: [808])
/// for try await update in project.watch(build) { _ = update.progress }
/// ```
///
/// What a project handle can do is decided by its role type (see ``ProjectRole``), and a handle is handed out
/// only after the role was checked against the permissions the server reports for the user; a permission the
/// user lacks is a ``ProjectPermissionError``, thrown before any operation is sent.
public struct MetaKraftwerkClient: Sendable, CustomStringConvertible {
    /// The service's name as it appears in errors: `MetaKraftwerk`.
    public static let serviceName = "MetaKraftwerk"

    /// The real service, `https://app.metakraftwerk.com`.
    public static let productionBaseURL = URL(string: "https://app.metakraftwerk.com")!

    /// The service's base URL; sign-in is `<baseURL>/authentication`, the API `<baseURL>/api/v1`.
    public let baseURL: URL
    /// The email the client signs in with.
    public let email: String
    /// The session that owns the access token; read its `TokenSession.events(bufferSize:)` to observe logins.
    public let session: TokenSession

    let api: MetaKraftwerkAPI

    /// Creates a client; nothing is sent until the first call.
    ///
    /// - Parameters:
    ///   - credential: The user's email and password.
    ///   - baseURL: Where the service lives; the real service unless given (tests pass the emulator's origin).
    ///   - transport: How requests are sent; `URLSessionTransport` unless given.
    ///   - clock: The clock for token expiry, backoff and build polling.
    ///   - refreshPolicy: When the session renews the token and how it backs off.
    ///   - retryPolicy: How transient failures of single requests are retried.
    ///   - tokenStore: Where the token is shared with other processes and later runs (see `TokenStoreConfiguration`); `nil` for none.
    public init(
        credential: EmailPassword,
        baseURL: URL = MetaKraftwerkClient.productionBaseURL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        refreshPolicy: RefreshPolicy = .default,
        retryPolicy: RetryPolicy = .default,
        tokenStore: TokenStoreConfiguration? = nil
    ) {
        self.baseURL = baseURL
        email = credential.email
        let origin = HTTPOrigin(baseURL)
        // Sign-in carries the password in its body: its pipeline binds every request to the service's origin
        // (HTTPS or loopback only, no redirect elsewhere) and has no auth middleware.
        let unauthenticated = origin.map {
            HTTPClient.exchange(transport: transport, origin: $0, clock: clock, retryPolicy: retryPolicy, service: Self.serviceName)
        } ?? HTTPClient(transport: transport, middlewares: [TransportSecurityMiddleware()], service: Self.serviceName)
        let login = LocalStrategyLogin(credentials: credential, baseURL: baseURL, http: unauthenticated)
        let session = TokenSession(
            exchange: login, policy: refreshPolicy, clock: clock,
            label: SessionLabel(service: Self.serviceName, credential: credential.email),
            store: tokenStore?.binding(service: Self.serviceName, identity: [baseURL.absoluteString, credential.email],
                                       secret: credential.password))
        self.session = session
        var http = unauthenticated
        if let origin {
            http = HTTPClient.authorized(
                transport: transport, source: session, origin: origin, clock: clock, retryPolicy: retryPolicy,
                service: Self.serviceName)
        }
        api = MetaKraftwerkAPI(baseURL: baseURL, http: http, clock: clock, origin: origin)
    }

    /// Lists the projects the user can see.
    ///
    /// ```swift
    /// let names = try await client.projects().map(\.name)
    /// ```
    /// - Returns: The projects, in the server's order.
    /// - Throws: `AuthError` (for example `invalidCredentials` when the login is refused).
    public func projects() async throws -> [ProjectSummary] {
        try await api.get([ProjectSummary].self, ["projects"])
    }

    /// A handle on the project named `name` for `role`, once the server reported that the user holds every
    /// permission the role grants there.
    ///
    /// The project's listing carries the user's `permissions`; the role's ``ProjectRole/permissions`` must all be
    /// among them, or this throws before any operation is sent. The handle is therefore evidence of that check,
    /// made when it was acquired (the server still judges each operation).
    ///
    /// ```swift
    /// let project = try await client.project(named: "DEMO_PROJECT", as: ViewerRole.self)
    /// ```
    /// - Parameters:
    ///   - name: The project's exact name.
    ///   - role: The role type; its associated types decide which operations compile and what is checked.
    /// - Returns: The project handle.
    /// - Throws: ``ProjectPermissionError`` naming every permission of `role` the user lacks;
    ///   ``ProjectPermissionsNotReportedError`` when the server lists no permissions for the project;
    ///   `AuthError` of kind `notFound` when no project has that name, or another `AuthError` when the request
    ///   fails.
    public func project<Role: ProjectRole>(named name: String, as role: Role.Type) async throws
        -> ProjectHandle<Role>
    {
        let matches = try await api.get([ProjectSummary].self, ["projects"], query: [("name", name)])
        guard let project = matches.first(where: { $0.name == name }) else {
            throw AuthError(
                .notFound, service: Self.serviceName, detail: "no project named \(name) is visible to this user")
        }
        try Role.check(against: project)
        return ProjectHandle(summary: project, api: api)
    }

    /// A handle on the project with id `id` for `role`, once the server reported that the user holds every
    /// permission the role grants there.
    ///
    /// ```swift
    /// let project = try await client.project(id: 402, as: OwnerRole.self)
    /// ```
    /// - Parameters:
    ///   - id: The project's id.
    ///   - role: The role type; its associated types decide which operations compile and what is checked.
    /// - Returns: The project handle.
    /// - Throws: As ``project(named:as:)``; `AuthError` of kind `notFound` for an unknown id.
    public func project<Role: ProjectRole>(id: Int, as role: Role.Type) async throws -> ProjectHandle<Role> {
        let project = try await api.get(ProjectSummary.self, ["projects", String(id)])
        try Role.check(against: project)
        return ProjectHandle(summary: project, api: api)
    }

    /// A handle on the project with id `id` for `role`, without checking that the user holds the role.
    ///
    /// Use it only for a server that does not report the user's permissions (``project(id:as:)`` then throws
    /// ``ProjectPermissionsNotReportedError``). It guarantees that the project exists and nothing about the
    /// user's permissions: the handle's type is your claim, not evidence. Operations still compile only where
    /// `Role` grants them, but one the user lacks is sent, and fails when the server answers 403 with a
    /// ``ProjectPermissionError``; a server that does not enforce the permission would carry it out.
    ///
    /// ```swift
    /// let project = try await client.uncheckedProject(id: 402, as: BuilderRole.self)
    /// ```
    /// - Parameters:
    ///   - id: The project's id.
    ///   - role: The role type; its associated types decide which operations compile.
    /// - Returns: The project handle.
    /// - Throws: `AuthError` of kind `notFound` for an unknown id, or another `AuthError` when the request fails.
    public func uncheckedProject<Role: ProjectRole>(id: Int, as role: Role.Type) async throws
        -> ProjectHandle<Role>
    {
        ProjectHandle(summary: try await api.get(ProjectSummary.self, ["projects", String(id)]), api: api)
    }

    /// Creates a client under the former labels (`credentials:`, `policy:`, `retry:`).
    @available(*, deprecated, renamed: "init(credential:baseURL:transport:clock:refreshPolicy:retryPolicy:)")
    public init(
        credentials: EmailPassword,
        baseURL: URL = MetaKraftwerkClient.productionBaseURL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        policy: RefreshPolicy = .default,
        retry: RetryPolicy = .default
    ) {
        self.init(credential: credentials, baseURL: baseURL, transport: transport, clock: clock, refreshPolicy: policy,
                  retryPolicy: retry)
    }

    /// The session's events: logins started, joined, succeeded or failed, replays after a 401.
    ///
    /// - Parameter bufferSize: How many events are kept for a slow reader.
    /// - Returns: A stream that ends at ``shutdown()``.
    public func events(bufferSize: Int = 1_000) -> AsyncStream<AuthEvent> {
        session.events(bufferSize: bufferSize)
    }

    /// Stops the session: a login in flight is cancelled and later calls fail with `shutdown`.
    public func shutdown() async {
        await session.shutdown()
    }

    /// The base URL and email; never the password or the token.
    public var description: String {
        "MetaKraftwerkClient(\(baseURL.redactedForDisplay), email: \(email))"
    }
}
