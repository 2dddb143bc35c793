import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A small Hummingbird application on an ephemeral loopback port, for endpoints the emulator does not have
/// (a redirect, a recorder of what arrived).
struct LoopbackRouterServer {
    let baseURL: URL
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// Starts `router` on `127.0.0.1` with a port chosen by the kernel and returns once it listens.
    static func start(_ router: Router<BasicRequestContext>) async throws -> LoopbackRouterServer {
        var logger = Logger(label: "test-router")
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
            guard let port else { break }
            return LoopbackRouterServer(
                baseURL: URL(string: "http://127.0.0.1:\(port)")!, group: group, running: running)
        }
        await group.triggerGracefulShutdown()
        try await running.value
        throw CancellationError()
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }
}
