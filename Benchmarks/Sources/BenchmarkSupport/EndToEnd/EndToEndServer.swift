import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The HTTP/1.1 server every end-to-end contender talks to: plain POSIX sockets on 127.0.0.1, one thread per
/// connection, keep-alive, and three routes.
///
/// - `POST /token`: after `tokenLatency`, a new bearer token `e2e-<n>` as
///   `{"access_token":"e2e-<n>","token_type":"Bearer","expires_in":<seconds>}` (an OAuth-style answer).
/// - `GET /resource`: `200 {"ok":true}` for a token that is not revoked, otherwise `401` with a JSON body and a
///   `WWW-Authenticate` header, as a service answers a revoked token.
/// - anything else: `404`.
///
/// It runs in a child process (``EndToEndServerProcess``), so the benchmark process's CPU time and peak memory are
/// the client's alone. `revoke()` rejects every token issued so far.
public final class EndToEndServer: Sendable {
    /// The port the server listens on.
    public let port: UInt16
    private let listener: Int32
    /// Token numbers issued so far; tokens numbered `<= revokedThrough` are rejected.
    private let issued = Atomic<Int>(0)
    private let revokedThrough = Atomic<Int>(0)
    private let exchanges = Atomic<Int>(0)
    private let resourceRequests = Atomic<Int>(0)
    /// Requests that carried a revoked token.
    private let revokedSends = Atomic<Int>(0)
    /// Requests that carried a revoked token and arrived after the server had answered a 401 since the revocation.
    private let staleSends = Atomic<Int>(0)
    private let rejectionAnswered = Atomic<Bool>(false)
    private let latencyMicroseconds = Atomic<Int>(20_000)
    private let lifetimeMilliseconds = Atomic<Int>(3_600_000)

    /// Opens the listening socket on an ephemeral loopback port and starts accepting.
    public init?() {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 1024) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { close(listener); return nil }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.stackSize = 256 * 1024
        thread.start()
    }

    /// The latency of `POST /token`.
    public var tokenLatency: Duration {
        get { .microseconds(latencyMicroseconds.load(ordering: .relaxed)) }
        set {
            let (seconds, attoseconds) = newValue.components
            latencyMicroseconds.store(Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000), ordering: .relaxed)
        }
    }

    /// The `expires_in` of the tokens issued from now on.
    public var tokenLifetime: Duration {
        get { .milliseconds(lifetimeMilliseconds.load(ordering: .relaxed)) }
        set {
            let (seconds, attoseconds) = newValue.components
            lifetimeMilliseconds.store(Int(seconds) * 1_000 + Int(attoseconds / 1_000_000_000_000_000), ordering: .relaxed)
        }
    }

    /// Rejects every token issued so far.
    public func revoke() {
        rejectionAnswered.store(false, ordering: .sequentiallyConsistent)
        revokedThrough.store(issued.load(ordering: .sequentiallyConsistent), ordering: .sequentiallyConsistent)
    }

    /// The counters so far.
    public var statistics: EndToEndStatistics {
        EndToEndStatistics(
            exchanges: exchanges.load(ordering: .relaxed), requests: resourceRequests.load(ordering: .relaxed),
            revokedSends: revokedSends.load(ordering: .relaxed), staleSends: staleSends.load(ordering: .relaxed))
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR || errno == ECONNABORTED || errno == EMFILE { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in serve(connection) }
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }

    /// Reads requests from one connection and answers each, until the peer closes it.
    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var start = 0
        var end = 0
        while true {
            // One request head.
            var headEnd: Int?
            while true {
                headEnd = Self.find(crlfcrlf: buffer, from: start, to: end)
                if headEnd != nil { break }
                if start > 0 {
                    buffer.withUnsafeMutableBytes { raw in
                        _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start)
                    }
                    end -= start
                    start = 0
                }
                if end == buffer.count { return }
                let count = buffer.withUnsafeMutableBytes { raw in read(connection, raw.baseAddress! + end, raw.count - end) }
                if count <= 0 { return }
                end += count
            }
            guard let headEnd else { return }
            let head = Self.parse(buffer, from: start, to: headEnd)
            start = headEnd + 4
            // Its body, skipped.
            var remaining = head.contentLength
            while remaining > 0 {
                let available = min(remaining, end - start)
                start += available
                remaining -= available
                if remaining > 0 {
                    start = 0
                    end = 0
                    let count = buffer.withUnsafeMutableBytes { raw in read(connection, raw.baseAddress!, raw.count) }
                    if count <= 0 { return }
                    end = count
                }
            }
            if start == end { start = 0; end = 0 }
            guard Self.writeFully(connection, answer(head)) else { return }
        }
    }

    private func answer(_ head: RequestHead) -> [UInt8] {
        switch (head.method, head.path) {
        case ("POST", "/token"):
            let latency = latencyMicroseconds.load(ordering: .relaxed)
            if latency > 0 { usleep(UInt32(latency)) }
            exchanges.add(1, ordering: .relaxed)
            let number = issued.add(1, ordering: .sequentiallyConsistent).newValue
            let lifetime = Double(lifetimeMilliseconds.load(ordering: .relaxed)) / 1_000
            return Self.response(
                status: "200 OK",
                body: #"{"access_token":"e2e-\#(number)","token_type":"Bearer","expires_in":\#(lifetime)}"#)
        case ("GET", "/resource"):
            resourceRequests.add(1, ordering: .relaxed)
            guard let number = head.tokenNumber, number <= issued.load(ordering: .sequentiallyConsistent) else {
                return Self.unauthorized
            }
            if number <= revokedThrough.load(ordering: .sequentiallyConsistent) {
                revokedSends.add(1, ordering: .relaxed)
                if rejectionAnswered.exchange(true, ordering: .sequentiallyConsistent) {
                    staleSends.add(1, ordering: .relaxed)
                }
                return Self.unauthorized
            }
            return Self.ok
        default:
            return Self.response(status: "404 Not Found", body: #"{"error":"not_found"}"#)
        }
    }

    private static let ok = response(status: "200 OK", body: #"{"ok":true}"#)
    private static let unauthorized = response(
        status: "401 Unauthorized",
        body: #"{"error":"invalid_token","error_description":"The access token was revoked"}"#,
        extra: "WWW-Authenticate: Bearer error=\"invalid_token\"\r\n")

    private static func response(status: String, body: String, extra: String = "") -> [UInt8] {
        let body = Array(body.utf8)
        let head = "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
            + "X-Content-Type-Options: nosniff\r\n\(extra)Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    private struct RequestHead {
        var method = ""
        var path = ""
        var contentLength = 0
        /// The number of an `Authorization: Bearer e2e-<n>` token.
        var tokenNumber: Int?
    }

    private static func find(crlfcrlf buffer: [UInt8], from start: Int, to end: Int) -> Int? {
        guard end - start >= 4 else { return nil }
        var index = start
        while index + 3 < end {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func parse(_ buffer: [UInt8], from start: Int, to end: Int) -> RequestHead {
        var head = RequestHead()
        var lineStart = start
        var first = true
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end, buffer[lineEnd] != 13 { lineEnd += 1 }
            let line = buffer[lineStart..<lineEnd]
            if first {
                let parts = line.split(separator: 32, maxSplits: 2)
                if parts.count >= 2 {
                    head.method = String(decoding: parts[0], as: UTF8.self)
                    let target = parts[1]
                    let path = target.split(separator: UInt8(ascii: "?"), maxSplits: 1).first ?? target
                    head.path = String(decoding: path, as: UTF8.self)
                }
                first = false
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let name = String(decoding: buffer[lineStart..<colon], as: UTF8.self).lowercased()
                var valueStart = colon + 1
                while valueStart < lineEnd, buffer[valueStart] == 32 { valueStart += 1 }
                let value = buffer[valueStart..<lineEnd]
                if name == "content-length" {
                    head.contentLength = Int(String(decoding: value, as: UTF8.self)) ?? 0
                } else if name == "authorization" {
                    let text = String(decoding: value, as: UTF8.self)
                    if text.hasPrefix("Bearer e2e-") { head.tokenNumber = Int(text.dropFirst(11)) }
                }
            }
            lineStart = lineEnd + 2
        }
        return head
    }

    private static func writeFully(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}

/// What the end-to-end server counted.
public struct EndToEndStatistics: Sendable, Equatable {
    /// `POST /token` answered.
    public var exchanges: Int
    /// `GET /resource` received.
    public var requests: Int
    /// Resource requests that carried a revoked token.
    public var revokedSends: Int
    /// Resource requests that carried a revoked token after the server had already answered one 401 since the
    /// revocation: sent with a token whose rejection was (or could have been) known.
    public var staleSends: Int

    /// The counts since `earlier`.
    public func since(_ earlier: EndToEndStatistics) -> EndToEndStatistics {
        EndToEndStatistics(
            exchanges: exchanges - earlier.exchanges, requests: requests - earlier.requests,
            revokedSends: revokedSends - earlier.revokedSends, staleSends: staleSends - earlier.staleSends)
    }
}
