import Foundation
public import ScopedAuth
public import ScopedAuthTesting
import Hummingbird
import HummingbirdCore
public import Logging
import ServiceLifecycle
import UnixSignals
import Synchronization

/// The ScopedAuthTesting ``Emulator`` served over real HTTP on loopback, one Hummingbird server per origin.
///
/// Each service listens on its own port, as ``EmulatorOrigins/loopback(portBase:host:)`` lays them out: MASV on the
/// port base, MASV storage on +1, Spacelift +2, Massdriver +3, Mudstack +4 and MetaKraftwerk +5. So origins differ
/// as they do in reality, and the SDK's rule that credentials stay on their own origin is exercised by a real
/// network stack.
///
/// Every request is turned into an `HTTPRequest` with the full absolute URL of its origin and answered by
/// ``Emulator/handle(_:)``; the emulator's `Date` header is sent as is, so clock skew shows. An injected
/// `EmulatorFault.dropConnection` closes the TCP connection without any response, as a real dropped connection
/// would.
///
/// ```swift
/// let server = try await EmulatorServer.start()          // a free port base in 20000..<40000
/// let key = server.emulator.mudstack.seededKey
/// let tokenURL = server.origins.mudstack.appending(path: "auth/token")
/// // … send requests with URLSessionTransport …
/// await server.stop()
/// ```
public final class EmulatorServer: Sendable {
    /// How to start the servers.
    public struct Configuration: Sendable {
        /// The loopback address every server binds to.
        public var host: String
        /// The first of the six consecutive ports; `nil` picks a free base in `20000..<40000`.
        public var portBase: Int?
        /// Seeds every identifier, secret and token of the emulator.
        public var seed: UInt64
        /// Latency added to every answer of every service.
        public var latency: Duration
        /// The clock for token expiry and latency; share a `ManualClock` with an in-process client to move time.
        public var clock: any AuthClock
        /// How many port bases are tried before giving up, when ``portBase`` is `nil`.
        public var maximumAttempts: Int
        /// Whether SIGINT and SIGTERM stop the servers gracefully (for a command-line process).
        public var stopsOnInterrupt: Bool
        /// The servers' log level; Hummingbird's logs are noise for tests.
        public var logLevel: Logger.Level

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1",
            portBase: Int? = nil,
            seed: UInt64 = 1,
            latency: Duration = .zero,
            clock: any AuthClock = SystemAuthClock(),
            maximumAttempts: Int = 20,
            stopsOnInterrupt: Bool = false,
            logLevel: Logger.Level = .critical
        ) {
            self.host = host
            self.portBase = portBase
            self.seed = seed
            self.latency = latency
            self.clock = clock
            self.maximumAttempts = maximumAttempts
            self.stopsOnInterrupt = stopsOnInterrupt
            self.logLevel = logLevel
        }
    }

    /// The number of consecutive ports one server set occupies.
    public static let portCount = 6

    /// The emulator behind the servers: seeded credentials, faults, counters and test hooks.
    public let emulator: Emulator
    /// The first of the six ports.
    public let portBase: Int

    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    private init(emulator: Emulator, portBase: Int, group: ServiceGroup, running: Task<Void, any Error>) {
        self.emulator = emulator
        self.portBase = portBase
        self.group = group
        self.running = running
    }

    /// Where each service listens: `http://127.0.0.1:<port>`.
    public var origins: EmulatorOrigins { emulator.origins }

    /// Starts the six servers and returns once every one of them accepts connections.
    ///
    /// With no ``Configuration/portBase`` it picks a random base in `20000..<40000` and tries another one when
    /// a port is taken, up to ``Configuration/maximumAttempts`` times.
    ///
    /// - Throws: The bind error of the last attempt when no port base could be used.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> EmulatorServer {
        var lastError: (any Error)?
        let attempts = configuration.portBase == nil ? max(1, configuration.maximumAttempts) : 1
        for _ in 0..<attempts {
            let base = configuration.portBase ?? Int.random(in: 20_000..<(40_000 - portCount))
            do {
                return try await start(configuration, portBase: base)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? EmulatorServerError(message: "no port base to try")
    }

    private static func start(_ configuration: Configuration, portBase: Int) async throws -> EmulatorServer {
        let origins = EmulatorOrigins.loopback(portBase: portBase, host: configuration.host)
        let emulator = Emulator(clock: configuration.clock, origins: origins, seed: configuration.seed)
        if configuration.latency > .zero {
            for (service, _) in origins.all {
                emulator.faults.injectPersistently(.latency(configuration.latency), on: service)
            }
        }
        var logger = Logger(label: "scopedauth-emulator")
        logger.logLevel = configuration.logLevel

        let (events, continuation) = AsyncStream.makeStream(of: StartupEvent.self)
        var servers: [any Service] = []
        for (_, baseURL) in origins.all {
            let bridge = EmulatorHTTPBridge(emulator: emulator, baseURL: baseURL)
            let server = try HTTPServerBuilder.http1().buildServer(
                // SO_REUSEADDR: a restart right after Ctrl-C binds again although the last connections' sockets
                // are still in TIME_WAIT. It never lets two servers listen on one port (that is SO_REUSEPORT), so
                // a port base that another process holds still fails and the next one is tried.
                configuration: ServerConfiguration(
                    address: .hostname(configuration.host, port: baseURL.port ?? 0), reuseAddress: true),
                eventLoopGroup: EventLoopGroupProvider.singleton.eventLoopGroup,
                logger: logger,
                responder: { request, writer, channel in
                    try await bridge.respond(to: request, writer: writer, channel: channel)
                },
                onServerRunning: { _ in continuation.yield(.listening) }
            )
            servers.append(server)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: servers,
                gracefulShutdownSignals: configuration.stopsOnInterrupt ? [.sigint, .sigterm] : [],
                logger: logger
            )
        )
        let running = Task {
            defer { continuation.finish() }
            do {
                try await group.run()
                continuation.yield(.stopped(nil))
            } catch {
                continuation.yield(.stopped(error))
                throw error
            }
        }
        var listening = 0
        for await event in events {
            switch event {
            case .listening:
                listening += 1
                if listening == origins.all.count {
                    return EmulatorServer(emulator: emulator, portBase: portBase, group: group, running: running)
                }
            case .stopped(let error):
                throw error ?? EmulatorServerError(message: "the servers stopped while starting")
            }
        }
        throw EmulatorServerError(message: "the servers stopped while starting")
    }

    /// Stops every server gracefully and waits until they have stopped.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// Waits until the servers stop (after ``stop()`` or, with ``Configuration/stopsOnInterrupt``, a signal).
    ///
    /// - Throws: The error a server failed with, if any.
    public func waitUntilStopped() async throws {
        try await running.value
    }
}

/// Why ``EmulatorServer`` could not start.
public struct EmulatorServerError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}

private enum StartupEvent: Sendable {
    case listening
    case stopped((any Error)?)
}
