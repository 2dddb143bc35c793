package import Foundation
import ScopedAuth

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 server on `127.0.0.1` built on POSIX sockets, with the routes ``TransportConformance``
/// needs. One thread accepts; each connection gets its own thread, answers one request and closes.
///
/// Routes: `/echo` (answers 200 with the request's body), `/redirect/<status>` (answers that status with
/// `Location: /followed`), `/followed`, `/set-cookie`, `/huge/<bytes>/<announced|streamed>` (a body of that many
/// bytes, with or without `Content-Length`), `/hang` (reads the request and never answers; closes after
/// ``hangLimit`` or when the client goes away).
package final class ConformanceServer: Sendable {
    /// A request as it arrived.
    struct Arrival: Sendable {
        var method: String
        var path: String
        /// The header fields in arrival order, names as sent.
        var headers: [(name: String, value: String)]
        var body: Data

        func values(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }
    }

    let port: Int
    /// How long `/hang` holds a connection before closing it without an answer.
    let hangLimit: Duration
    let arrivals: AsyncStream<String>
    private let arrivalsContinuation: AsyncStream<String>.Continuation
    private let listener: Int32
    private let log = LockedValue<[Arrival]>([])
    private let written = LockedValue<[String: Int]>([:])
    private let stopped = LockedValue(false)

    var received: [Arrival] { log.withLock { $0 } }

    /// How many requests have arrived so far, at any path.
    package var arrivalCount: Int { log.withLock { $0.count } }

    /// The body bytes the server managed to write for `path` before the client stopped reading or went away.
    package func bodyBytesWritten(for path: String) -> Int { written.withLock { $0[path] ?? 0 } }

    package var baseURL: URL {
        get throws {
            guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw POSIXError(.EINVAL) }
            return url
        }
    }

    package init(hangLimit: Duration = .seconds(5)) throws {
        self.hangLimit = hangLimit
        (arrivals, arrivalsContinuation) = AsyncStream.makeStream(of: String.self)
        #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
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
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    package func stop() {
        let wasStopped = stopped.withLock { value -> Bool in
            defer { value = true }
            return value
        }
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        arrivalsContinuation.finish()
    }

    private func acceptLoop() {
        while !stopped.withLock({ $0 }) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            #if canImport(Darwin)
            var yes: Int32 = 1
            setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            let connection = Thread { [self] in
                handle(client)
                close(client)
            }
            connection.start()
        }
    }

    private func handle(_ fd: Int32) {
        guard let request = Self.read(fd) else { return }
        log.withLock { $0.append(request) }
        arrivalsContinuation.yield(request.path)
        let parts = request.path.split(separator: "?")[0].split(separator: "/").map(String.init)
        switch parts.first {
        case "echo":
            write(fd, status: 200, headers: [("X-Conformance-Echo", "1")], body: request.body)
        case "redirect":
            let status = parts.count > 1 ? Int(parts[1]) ?? 307 : 307
            write(fd, status: status, headers: [("Location", "/followed")], body: Data())
        case "set-cookie":
            write(fd, status: 200, headers: [("Set-Cookie", "conformance=sentinel-cookie; Path=/")], body: Data())
        case "huge" where parts.count == 4:
            huge(
                fd, path: request.path, size: Int(parts[1]) ?? 0, announced: parts[2] == "announced",
                pauseAt: Int(parts[3]) ?? 0)
        case "hang":
            hang(fd)
        default:
            write(fd, status: 200, headers: [], body: Data("ok".utf8))
        }
    }

    private func write(_ fd: Int32, status: Int, headers: [(String, String)], body: Data) {
        var head = "HTTP/1.1 \(status) Conformance\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        _ = Self.send(fd, Data(head.utf8) + body)
    }

    /// Writes `size` bytes in 64 KiB pieces until done or the client goes away, counting what was written.
    ///
    /// After `pauseAt` bytes it waits up to ``hangLimit`` for the client to hang up before writing the rest: a
    /// transport that refuses the body while it streams leaves during the pause, whatever the kernel's buffers
    /// and however fast it reads; one that reads the whole body first receives it all.
    private func huge(_ fd: Int32, path: String, size: Int, announced: Bool, pauseAt: Int) {
        let head = announced
            ? "HTTP/1.1 200 Conformance\r\nContent-Length: \(size)\r\nConnection: close\r\n\r\n"
            : "HTTP/1.1 200 Conformance\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        guard Self.send(fd, Data(head.utf8)) else { return }
        let piece = Data(repeating: 0x61, count: 65_536)
        var sent = 0
        var paused = false
        while sent < size {
            if !paused, sent >= pauseAt {
                paused = true
                if clientLeft(fd) { return }
            }
            let count = min(piece.count, size - sent)
            let chunk = announced
                ? piece.prefix(count)
                : Data(String(count, radix: 16).utf8) + Data("\r\n".utf8) + piece.prefix(count) + Data("\r\n".utf8)
            guard Self.send(fd, chunk) else { break }
            sent += count
            written.withLock { $0[path] = sent }
        }
        if !announced, sent == size { _ = Self.send(fd, Data("0\r\n\r\n".utf8)) }
    }

    /// Whether the client closes the connection within ``hangLimit``.
    private func clientLeft(_ fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1_024)
        for _ in 0..<max(Int(hangLimit.components.seconds * 10), 1) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            if poller.revents & Int16(POLLHUP | POLLERR) != 0 { return true }
            if recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT)) <= 0 { return true }
        }
        return false
    }

    /// Holds the connection without answering until the client closes it or ``hangLimit`` passes.
    private func hang(_ fd: Int32) {
        let rounds = Int(hangLimit.components.seconds * 10)
        var buffer = [UInt8](repeating: 0, count: 1_024)
        for _ in 0..<max(rounds, 1) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready > 0 {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { return }
            }
        }
    }

    private static func send(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                #if canImport(Darwin)
                let count = Darwin.send(fd, raw.baseAddress! + offset, raw.count - offset, 0)
                #else
                let count = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                #endif
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
    }

    private static func read(_ fd: Int32) -> Arrival? {
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
        var headers: [(name: String, value: String)] = []
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Data(data[headerEnd.upperBound...])
        let expected = Int(headers.first { $0.name.lowercased() == "content-length" }?.value ?? "0") ?? 0
        while body.count < expected {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            body.append(contentsOf: buffer[0..<count])
        }
        return Arrival(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }
}
