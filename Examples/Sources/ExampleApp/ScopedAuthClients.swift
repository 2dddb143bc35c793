public import ScopedAuth
public import ScopedAuthMASV
public import ScopedAuthSpacelift

/// The ScopedAuth clients the example app uses, built once at start-up and shared by every request.
///
/// Each client owns a `TokenSession`, so all requests share one token per service and one refresh at a time;
/// building a client per request would sign in per request. The app receives this value by injection
/// (``buildApplication(configuration:clients:onServerRunning:)``), which is also how tests hand it clients
/// that point at the emulator.
///
/// ```swift
/// let clients = try ScopedAuthClients(configuration: configuration)
/// let app = buildApplication(configuration: configuration, clients: clients)
/// try await app.runService()
/// ```
public struct ScopedAuthClients: Sendable {
    /// Uploads packages.
    public let masv: MASVClient
    /// The team packages are uploaded to.
    public let masvTeamID: String
    /// Reads stacks.
    public let spacelift: SpaceliftClient<TokenSession>

    /// Creates the clients; no request is sent until the first use.
    ///
    /// - Parameters:
    ///   - configuration: Base URLs and credentials.
    ///   - transport: The network; one `URLSessionTransport` shared by both clients by default.
    /// - Throws: `AuthError` when an endpoint is not a usable URL.
    public init(configuration: AppConfiguration, transport: any HTTPTransport = URLSessionTransport()) throws {
        masv = MASVClient(
            credential: .user(configuration.masvUser), baseURL: configuration.masvBaseURL, transport: transport)
        masvTeamID = configuration.masvTeamID
        spacelift = try SpaceliftClient(
            credential: .apiKey(configuration.spaceliftKey), baseURL: configuration.spaceliftEndpoint, transport: transport)
    }

    /// Stops both token sessions; later calls fail with `AuthError.Kind.shutdown`.
    public func shutdown() async {
        await masv.shutdown()
        await spacelift.shutdown()
    }
}
