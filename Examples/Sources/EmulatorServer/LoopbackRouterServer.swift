public import Foundation
public import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A small Hummingbird application on an ephemeral loopback port, for endpoints the emulator does not have
/// (a redirect, a recorder of what arrived); ``HostileServer`` is built on it.
///
/// ```swift
/// let router = Router()
/// router.get("landing") { _, _ in "landed" }
/// let server = try await LoopbackRouterServer.start(router)
/// // … send requests to server.baseURL …
/// await server.stop()
/// ```
public struct LoopbackRouterServer: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// Starts `router` on `127.0.0.1` with a port chosen by the kernel and returns once it listens.
    ///
    /// - Parameter router: The routes to serve.
    /// - Returns: The running server.
    /// - Throws: The server's error when it cannot start.
    public static func start(_ router: Router<BasicRequestContext>) async throws -> LoopbackRouterServer {
        var logger = Logger(label: "loopback-router")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int?.self)
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port) },
            logger: logger
        )
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: logger))
        let running = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        for await port in ports {
            guard let port, let url = URL(string: "http://127.0.0.1:\(port)") else { break }
            return LoopbackRouterServer(baseURL: url, group: group, running: running)
        }
        await group.triggerGracefulShutdown()
        try await running.value
        throw CancellationError()
    }

    /// Stops the server and waits until it has.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }
}
