public import ScopedAuth
public import ScopedAuthMASV
public import ScopedAuthMassdriver
public import ScopedAuthMetaKraftwerk
public import ScopedAuthMudstack
public import ScopedAuthSpacelift
public import ServiceLifecycle

/// Runs a ScopedAuth client as a swift-service-lifecycle `Service`: it waits for graceful shutdown, then shuts the
/// client's token sessions down (waiting calls fail with `AuthError.Kind.shutdown`, no refresh outlives the
/// application), then runs `onShutdown` (closing a transport, say).
///
/// ```swift
/// let transport = AsyncHTTPClientTransport()
/// let mudstack = MudstackClient(accountID: id, key: key, transport: transport)
/// let group = ServiceGroup(
///     services: [app, ScopedAuthClientService(mudstack) { try? await transport.shutdown() }],
///     gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public struct ScopedAuthClientService: Service, CustomStringConvertible {
    /// Which client this service runs, such as `Mudstack`.
    public let name: String
    private let shutdownSessions: @Sendable () async -> Void
    private let onShutdown: @Sendable () async -> Void

    /// A service for any client, given how to shut its sessions down.
    ///
    /// - Parameters:
    ///   - name: Which client, for descriptions.
    ///   - shutdown: Shuts the client's sessions down.
    ///   - onShutdown: Runs after the sessions shut down.
    public init(
        name: String, shutdown: @escaping @Sendable () async -> Void,
        onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.name = name
        shutdownSessions = shutdown
        self.onShutdown = onShutdown
    }

    /// A service for a MASV client (its user session; an API-key client has none).
    public init(_ client: MASVClient, onShutdown: @escaping @Sendable () async -> Void = {}) {
        self.init(name: "MASV", shutdown: { await client.shutdown() }, onShutdown: onShutdown)
    }

    /// A service for a Spacelift client that exchanges an API key or a GitHub token.
    public init(_ client: SpaceliftClient<TokenSession>, onShutdown: @escaping @Sendable () async -> Void = {}) {
        self.init(name: "Spacelift", shutdown: { await client.shutdown() }, onShutdown: onShutdown)
    }

    /// A service for a Spacelift client with a static token, which has no session to stop.
    public init(_ client: SpaceliftClient<StaticToken>, onShutdown: @escaping @Sendable () async -> Void = {}) {
        self.init(name: "Spacelift", shutdown: {}, onShutdown: onShutdown)
    }

    /// A service for a Massdriver client; its credentials are static, so only `onShutdown` has work to do.
    public init<Credential>(
        _ client: MassdriverClient<Credential>, onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.init(name: "Massdriver", shutdown: {}, onShutdown: onShutdown)
    }

    /// A service for a Mudstack client.
    public init(_ client: MudstackClient, onShutdown: @escaping @Sendable () async -> Void = {}) {
        self.init(name: MudstackClient.serviceName, shutdown: { await client.shutdown() }, onShutdown: onShutdown)
    }

    /// A service for a MetaKraftwerk client.
    public init(_ client: MetaKraftwerkClient, onShutdown: @escaping @Sendable () async -> Void = {}) {
        self.init(name: MetaKraftwerkClient.serviceName, shutdown: { await client.shutdown() }, onShutdown: onShutdown)
    }

    /// Waits for graceful shutdown (or cancellation), then shuts the sessions down and runs `onShutdown`.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdownSessions()
        await onShutdown()
    }

    /// `ScopedAuthClientService(<name>)`.
    public var description: String { "ScopedAuthClientService(\(name))" }
}
