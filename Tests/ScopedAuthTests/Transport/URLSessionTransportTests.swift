import Foundation
import ScopedAuth
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `URLSessionTransport` over a real loopback socket: a minimal HTTP/1.1 server run by the test on a thread.
@Suite(.serialized) struct URLSessionTransportTests {
    @Test func sendsMethodHeadersAndBodyAndReadsTheResponse() async throws {
        let server = try LoopbackServer { request in
            let body = "echo \(request.method) \(request.path) \(request.headers["x-probe"] ?? "-") \(request.body.count)"
            return (200, ["Content-Type": "text/plain", "X-Answer": "42"], Data(body.utf8))
        }
        defer { server.stop() }
        let transport = URLSessionTransport()
        let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/v1/echo"))
        let response = try await transport.send(
            HTTPRequest(method: .post, url: url, headers: ["X-Probe": "p", "Content-Type": "application/octet-stream"],
                        body: Data(repeating: 7, count: 1_000)))
        #expect(response.status == 200)
        #expect(response.headers["x-answer"] == "42")
        #expect(String(decoding: response.body, as: UTF8.self) == "echo POST /v1/echo p 1000")
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        let server = try LoopbackServer { request in
            request.path == "/start" ? (302, ["Location": "http://127.0.0.1:1/elsewhere"], Data()) : (200, [:], Data("followed".utf8))
        }
        defer { server.stop() }
        let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/start"))
        let response = try await URLSessionTransport().send(
            HTTPRequest(method: .get, url: url, headers: ["Authorization": "Bearer secret"]))
        #expect(response.status == 302)
        #expect(response.headers["location"] == "http://127.0.0.1:1/elsewhere")
        #expect(server.requestCount == 1)
    }

    @Test func aRefusedConnectionIsAnErrorNotACrash() async throws {
        let url = try #require(URL(string: "http://127.0.0.1:1/nothing-listens-here"))
        await #expect(throws: (any Error).self) { try await URLSessionTransport().send(HTTPRequest(method: .get, url: url)) }
    }
}

/// A minimal HTTP/1.1 server on 127.0.0.1 for one test: one request per connection, `Connection: close`.
final class LoopbackServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: Data
    }

    typealias Handler = @Sendable (Request) -> (Int, [String: String], Data)

    let port: Int
    private let socketFD: Int32
    private final class Flags: Sendable {
        let handled = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
    }

    private let flags = Flags()

    var requestCount: Int { flags.handled.load(ordering: .relaxed) }

    init(handler: @escaping Handler) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        socketFD = fd
        let thread = Thread { [flags] in
            while !flags.stopped.load(ordering: .relaxed) {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { break }
                if let request = Self.read(client) {
                    flags.handled.add(1, ordering: .relaxed)
                    Self.write(client, handler(request))
                }
                close(client)
            }
        }
        thread.start()
    }

    func stop() {
        flags.stopped.store(true, ordering: .relaxed)
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
    }

    private static func read(_ fd: Int32) -> Request? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            data.append(contentsOf: buffer[0..<count])
            headerEnd = data.range(of: Data("\r\n\r\n".utf8))
        }
        guard let headerEnd else { return nil }
        let head = String(decoding: data[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[headerEnd.upperBound...])
        let expected = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < expected {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            body.append(contentsOf: buffer[0..<count])
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }

    private static func write(_ fd: Int32, _ response: (Int, [String: String], Data)) {
        var head = "HTTP/1.1 \(response.0) X\r\nContent-Length: \(response.2.count)\r\nConnection: close\r\n"
        for (name, value) in response.1 { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let bytes = Data(head.utf8) + response.2
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }
}
