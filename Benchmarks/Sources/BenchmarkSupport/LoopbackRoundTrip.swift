import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real TCP round trip over 127.0.0.1: a small HTTP request written, a small HTTP response read back, served by
/// a thread of this process. It is the yardstick for request overhead: the cheapest network call there is.
public final class LoopbackRoundTrip: @unchecked Sendable {
    // @unchecked: `client` is written once in `init` and used only by the one benchmark loop that owns this
    // object; the server thread uses its own descriptor.
    private let client: Int32
    private let request: [UInt8]
    private var buffer: [UInt8]
    private let responseSize: Int

    public static let request = Array(
        ("GET /accounts HTTP/1.1\r\nHost: api.mudstack.com\r\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig\r\n"
            + "x-account-id: acc_1\r\n\r\n").utf8)
    public static let response = Array(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".utf8)

    /// Opens a listening socket on an ephemeral loopback port, a server thread, and one connection to it.
    public init?() {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 1) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { close(listener); return nil }

        let requestSize = Self.request.count
        let response = Self.response
        let thread = Thread {
            let connection = accept(listener, nil, nil)
            close(listener)
            guard connection >= 0 else { return }
            Self.noDelay(connection)
            var incoming = [UInt8](repeating: 0, count: requestSize)
            while Self.readFully(connection, &incoming), Self.writeFully(connection, response) {}
            close(connection)
        }
        thread.start()

        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard client >= 0, connected else { return nil }
        Self.noDelay(client)
        self.client = client
        request = Self.request
        responseSize = Self.response.count
        buffer = [UInt8](repeating: 0, count: responseSize)
    }

    deinit { close(client) }

    /// One request out and its whole response back; `false` if the connection failed.
    @discardableResult
    public func roundTrip() -> Bool {
        Self.writeFully(client, request) && Self.readFully(client, &buffer)
    }

    private static func noDelay(_ descriptor: Int32) {
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    private static func writeFully(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }

    private static func readFully(_ descriptor: Int32, _ bytes: inout [UInt8]) -> Bool {
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = read(descriptor, raw.baseAddress! + offset, raw.count - offset)
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
    }
}
