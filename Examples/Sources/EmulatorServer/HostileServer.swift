public import Foundation
import ScopedAuth
import Hummingbird
import HTTPTypes
import NIOCore
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

    private let server: LoopbackRouterServer
    private let recorder: Recorder

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { server.baseURL }

    /// Every request received so far.
    public var received: [Arrival] { recorder.log.withLock { $0 } }

    private init(server: LoopbackRouterServer, recorder: Recorder) {
        self.server = server
        self.recorder = recorder
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
        let server = try await LoopbackRouterServer.start(router)
        return HostileServer(server: server, recorder: recorder)
    }

    /// Stops the server.
    public func stop() async {
        await server.stop()
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
