public import Foundation
import ScopedAuth
import Hummingbird
import HummingbirdCore
import HTTPTypes
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A small hostile server on `127.0.0.1` for security tests: it records every request it receives, byte for byte,
/// and answers each with a fixed status (a collector, a CDN that answers 401) or a redirect to another origin.
///
/// ```swift
/// let collector = try await HostileServer.start(.answer(status: 401))
/// let front = try await HostileServer.start(.redirect(status: 307, to: collector.baseURL))
/// // … point a client at front.baseURL, then:
/// #expect(collector.received.isEmpty)
/// ```
public final class HostileServer: Sendable {
    /// What the server answers.
    public enum Behaviour: Sendable {
        /// Answers every request with `status` and `body`.
        case answer(status: Int, body: String = "")
        /// Answers every request with `status` and `Location: <target><request path>`.
        case redirect(status: Int, to: URL)
        /// Redirects requests whose path starts with `prefix`; answers others with `status` and `body`.
        case redirectPrefix(String, status: Int, to: URL, otherwise: Int, body: String)
    }

    /// One request as it arrived.
    public struct Arrival: Sendable {
        /// The method.
        public var method: String
        /// The path and query.
        public var path: String
        /// The header fields, lowercased names, in arrival order.
        public var headers: [(name: String, value: String)]
        /// The body.
        public var body: Data

        /// Everything received, as one string to search: request line, header fields and body.
        public var raw: String {
            "\(method) \(path)\n" + headers.map { "\($0.name): \($0.value)\n" }.joined()
                + String(decoding: body, as: UTF8.self)
        }
    }

    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    private let recorder: Recorder
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// Every request received so far.
    public var received: [Arrival] { recorder.log.withLock { $0 } }

    private init(baseURL: URL, recorder: Recorder, group: ServiceGroup, running: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.recorder = recorder
        self.group = group
        self.running = running
    }

    /// Starts a server with `behaviour` on a port chosen by the kernel.
    public static func start(_ behaviour: Behaviour) async throws -> HostileServer {
        let recorder = Recorder()
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on("**", method: method) { request, _ -> Response in
                let buffer = try await request.body.collect(upTo: 64 << 20)
                let arrival = Arrival(
                    method: request.method.rawValue, path: request.uri.description,
                    headers: request.headers.map { ($0.name.canonicalName, $0.value) },
                    body: Data(buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []))
                recorder.log.withLock { $0.append(arrival) }
                return respond(behaviour, path: request.uri.path)
            }
        }
        var logger = Logger(label: "hostile-server")
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
            return HostileServer(baseURL: url, recorder: recorder, group: group, running: running)
        }
        await group.triggerGracefulShutdown()
        try await running.value
        throw CancellationError()
    }

    /// Stops the server.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// The origin, `http://127.0.0.1:<port>`, as errors name it.
    public var origin: String { HTTPOrigin(baseURL)?.description ?? baseURL.absoluteString }

    private static func respond(_ behaviour: Behaviour, path: String) -> Response {
        switch behaviour {
        case .answer(let status, let body):
            return Response(status: .init(code: status), body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        case .redirect(let status, let target):
            return Response(status: .init(code: status), headers: [.location: target.absoluteString + path])
        case .redirectPrefix(let prefix, let status, let target, let otherwise, let body):
            guard path.hasPrefix(prefix) else {
                return Response(status: .init(code: otherwise), body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
            }
            return Response(status: .init(code: status), headers: [.location: target.absoluteString + path])
        }
    }
}

/// The log, shared between the route closures and the server object.
private final class Recorder: Sendable {
    let log = Mutex<[HostileServer.Arrival]>([])
}
