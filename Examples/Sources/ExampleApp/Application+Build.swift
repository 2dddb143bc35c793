public import Hummingbird
import Logging
public import NIOCore

/// Builds the example application: its routes over `clients`, and a service that shuts the clients down when the
/// application stops.
///
/// The clients are created by the caller, once, and injected here; every request shares them.
///
/// ```swift
/// let clients = try ScopedAuthClients(configuration: configuration)
/// try await buildApplication(configuration: configuration, clients: clients).runService()
/// ```
///
/// - Parameters:
///   - configuration: Where to listen.
///   - clients: The ScopedAuth clients the routes use.
///   - onServerRunning: Called with the listening channel (its local address tells the port when it was 0).
/// - Returns: The application, ready to run as a `Service`.
public func buildApplication(
    configuration: AppConfiguration,
    clients: ScopedAuthClients,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router()
    ExampleRoutes(clients: clients).register(on: router)
    var logger = Logger(label: "scopedauth-example-app")
    logger.logLevel = .notice
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
        services: [ClientLifecycleService(clients: clients)],
        onServerRunning: onServerRunning,
        logger: logger
    )
}
