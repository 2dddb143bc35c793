public import Hummingbird
import Logging
public import NIOCore
import ScopedAuthServiceLifecycle

/// Builds the example application: its routes over `clients`, one log line per request and one on start, and a
/// `ScopedAuthClientService` per client that logs its session's events and shuts it down when the application
/// stops.
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
    var logger = Logger(label: "scopedauth-example-app")
    logger.logLevel = .info
    let router = Router()
    router.add(middleware: LogRequestsMiddleware(.info))
    ExampleRoutes(clients: clients).register(on: router)
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
        services: [
            ScopedAuthClientService(clients.masv, logger: logger),
            ScopedAuthClientService(clients.spacelift, logger: logger),
        ],
        // At `info`, Hummingbird itself logs "Server started and listening on <host>:<port>" once at start.
        onServerRunning: onServerRunning,
        logger: logger
    )
}
