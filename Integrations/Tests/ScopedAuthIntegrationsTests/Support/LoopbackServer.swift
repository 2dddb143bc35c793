import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import ScopedAuth
import ScopedAuthTesting
import Synchronization

/// What a ``LoopbackServer`` answers: a response, optionally followed by a long body streamed in chunks.
struct LoopbackReply: Sendable {
    var response: ScopedAuth.HTTPResponse
    /// Chunks of `chunkSize` bytes streamed after `response.body`, with chunked transfer encoding.
    var streamedChunks = 0
    var chunkSize = 64 * 1024
    /// Whether to close the connection without answering (a dropped connection).
    var drop = false

    init(_ response: ScopedAuth.HTTPResponse, streamedChunks: Int = 0) {
        self.response = response
        self.streamedChunks = streamedChunks
    }

    static let dropped: LoopbackReply = {
        var reply = LoopbackReply(ScopedAuth.HTTPResponse(status: 500))
        reply.drop = true
        return reply
    }()
}

/// A minimal HTTP/1.1 server on 127.0.0.1 (SwiftNIO, which AsyncHTTPClient already brings), so the integration
/// tests need no Hummingbird. It records every request it receives and counts the chunks it streamed.
final class LoopbackServer: Sendable {
    typealias Handler = @Sendable (ScopedAuth.HTTPRequest) async throws -> LoopbackReply

    let baseURL: URL
    private let serverChannel: any Channel
    private let received = Mutex<[ScopedAuth.HTTPRequest]>([])
    private let chunksWritten = Atomic<Int>(0)

    /// Every request received so far, in order.
    var requests: [ScopedAuth.HTTPRequest] { received.withLock { $0 } }
    /// How many streamed chunks were written to a socket.
    var streamedChunkCount: Int { chunksWritten.load(ordering: .relaxed) }

    private init(baseURL: URL, serverChannel: any Channel) {
        self.baseURL = baseURL
        self.serverChannel = serverChannel
    }

    /// A server that answers every request with `status` and `Location: target`.
    static func redirecting(_ status: Int = 307, to target: URL) async throws -> LoopbackServer {
        try await start { _ in
            LoopbackReply(ScopedAuth.HTTPResponse(status: status, headers: ["Location": target.absoluteString]))
        }
    }

    static func start(_ handler: @escaping Handler) async throws -> LoopbackServer {
        let box = Mutex<LoopbackServer?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    let async = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                    let server = box.withLock { $0 }
                    Task { await server?.serve(async, handler: handler) }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw CancellationError() }
        let server = LoopbackServer(baseURL: url, serverChannel: channel)
        box.withLock { $0 = server }
        return server
    }

    func stop() async {
        try? await serverChannel.close()
    }

    private func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, handler: Handler
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let next):
                    head = next
                    body.clear()
                case .body(var bytes):
                    body.writeBuffer(&bytes)
                case .end:
                    guard let head, let url = URL(string: baseURL.absoluteString + head.uri) else { return }
                    var headers = ScopedAuth.HTTPHeaders()
                    for (name, value) in head.headers { headers.add(name: name, value: value) }
                    let request = ScopedAuth.HTTPRequest(
                        method: ScopedAuth.HTTPMethod(rawValue: head.method.rawValue), url: url, headers: headers,
                        body: body.readableBytes > 0 ? Data(body.readableBytesView) : nil)
                    received.withLock { $0.append(request) }
                    let reply: LoopbackReply
                    do {
                        reply = try await handler(request)
                    } catch {
                        return  // a dropped connection
                    }
                    if reply.drop { return }
                    try await write(reply, to: outbound)
                }
            }
        }
    }

    private static let connectionHeaders: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive"]

    private func write(_ reply: LoopbackReply, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>)
        async throws
    {
        var headers = NIOHTTP1.HTTPHeaders()
        for field in reply.response.headers where !Self.connectionHeaders.contains(field.name.lowercased()) {
            headers.add(name: field.name, value: field.value)
        }
        if reply.streamedChunks > 0 {
            headers.add(name: "Transfer-Encoding", value: "chunked")
        } else {
            headers.add(name: "Content-Length", value: "\(reply.response.body.count)")
        }
        try await outbound.write(.head(HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: reply.response.status), headers: headers)))
        if !reply.response.body.isEmpty {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: reply.response.body))))
        }
        let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: reply.chunkSize)
        for _ in 0..<reply.streamedChunks {
            try await outbound.write(.body(.byteBuffer(chunk)))
            chunksWritten.add(1, ordering: .relaxed)
        }
        try await outbound.write(.end(nil))
    }
}

/// The ScopedAuthTesting emulator served by six ``LoopbackServer``s, one per origin, as in production.
struct LoopbackEmulator: Sendable {
    let emulator: Emulator
    let servers: [LoopbackServer]

    var origins: EmulatorOrigins { emulator.origins }

    static func start(clock: any AuthClock = SystemAuthClock()) async throws -> LoopbackEmulator {
        let box = Mutex<Emulator?>(nil)
        var servers: [LoopbackServer] = []
        for _ in 0..<6 {
            servers.append(try await LoopbackServer.start { request in
                guard let emulator = box.withLock({ $0 }) else { return LoopbackReply(ScopedAuth.HTTPResponse(status: 503)) }
                do {
                    return LoopbackReply(try await emulator.handle(request))
                } catch let error as EmulatorTransportError where error == .connectionDropped {
                    return .dropped
                }
            })
        }
        let urls = servers.map(\.baseURL)
        let origins = EmulatorOrigins(
            masv: urls[0], masvStorage: urls[1], spacelift: urls[2], massdriver: urls[3], mudstack: urls[4],
            metaKraftwerk: urls[5])
        let emulator = Emulator(clock: clock, origins: origins, seed: 1)
        box.withLock { $0 = emulator }
        return LoopbackEmulator(emulator: emulator, servers: servers)
    }

    func stop() async {
        for server in servers { await server.stop() }
    }
}
