public import Logging
public import ScopedAuth
import ScopedAuthLogging
public import ScopedAuthMASV
public import ScopedAuthMassdriver
public import ScopedAuthMetaKraftwerk
public import ScopedAuthMudstack
public import ScopedAuthSpacelift
public import ServiceLifecycle

/// Runs a ScopedAuth client as a swift-service-lifecycle `Service`: it waits for graceful shutdown, then shuts the
/// client's token sessions down (waiting calls fail with `AuthError.Kind.shutdown`, no refresh outlives the
/// application), then runs `onShutdown` (closing a transport, say). Given a `Logger`, it also logs the sessions'
/// events while it runs (through `AuthEventLogger`).
///
/// ```swift
/// let transport = AsyncHTTPClientTransport()
/// let mudstack = MudstackClient(credential: key, accountID: id, transport: transport)
/// let group = ServiceGroup(
///     services: [app, ScopedAuthClientService(mudstack) { try? await transport.shutdown() }],
///     gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public struct ScopedAuthClientService: Service, CustomStringConvertible {
    /// Which client this service runs, such as `Mudstack`.
    public let name: String
    /// Where the sessions' events are logged, if anywhere.
    public let logger: Logger?
    private let shutdownSessions: @Sendable () async -> Void
    private let events: @Sendable () -> AsyncStream<LabeledAuthEvent>
    private let onShutdown: @Sendable () async -> Void

    /// A service for any client, given how to shut its sessions down.
    ///
    /// - Parameters:
    ///   - name: Which client, for descriptions.
    ///   - shutdown: Shuts the client's sessions down.
    ///   - events: A new stream of the sessions' labeled events, ending at shutdown.
    ///   - logger: Where to log the events while the service runs; `nil` logs nothing.
    ///   - onShutdown: Runs after the sessions shut down.
    public init(
        name: String,
        shutdown: @escaping @Sendable () async -> Void,
        events: @escaping @Sendable () -> AsyncStream<LabeledAuthEvent> = { AsyncStream { $0.finish() } },
        logger: Logger? = nil,
        onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.name = name
        shutdownSessions = shutdown
        self.events = events
        self.logger = logger
        self.onShutdown = onShutdown
    }

    /// A service for a MASV client (its user session; an API-key client has none).
    public init(_ client: MASVClient, logger: Logger? = nil, onShutdown: @escaping @Sendable () async -> Void = {}) {
        self.init(
            name: "MASV", shutdown: { await client.shutdown() }, events: { client.labeledEvents() }, logger: logger,
            onShutdown: onShutdown)
    }

    /// A service for a Spacelift client that exchanges an API key or a GitHub token.
    public init(
        _ client: SpaceliftClient<TokenSession>, logger: Logger? = nil,
        onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.init(
            name: "Spacelift", shutdown: { await client.shutdown() },
            events: { client.tokenSource.labeledEvents() }, logger: logger, onShutdown: onShutdown)
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
    public init(_ client: MudstackClient, logger: Logger? = nil, onShutdown: @escaping @Sendable () async -> Void = {}) {
        self.init(
            name: MudstackClient.serviceName, shutdown: { await client.shutdown() },
            events: { client.session.labeledEvents() }, logger: logger, onShutdown: onShutdown)
    }

    /// A service for a MetaKraftwerk client.
    public init(
        _ client: MetaKraftwerkClient, logger: Logger? = nil, onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.init(
            name: MetaKraftwerkClient.serviceName, shutdown: { await client.shutdown() },
            events: { client.session.labeledEvents() }, logger: logger, onShutdown: onShutdown)
    }

    /// Logs the sessions' events (with a logger) until graceful shutdown (or cancellation), then shuts the sessions
    /// down, which ends the events, and runs `onShutdown`.
    public func run() async throws {
        let logging: Task<Void, Never>? = logger.map { logger in
            let events = events()
            return Task { await AuthEventLogger(logger: logger).run(events) }
        }
        try? await gracefulShutdown()
        await shutdownSessions()
        await logging?.value
        await onShutdown()
    }

    /// `ScopedAuthClientService(<name>)`.
    public var description: String { "ScopedAuthClientService(\(name))" }
}
