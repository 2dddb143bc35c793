import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An ``EndToEndServer`` in a child process, driven over its standard input and output, one line per command.
///
/// The child is the same executable started again with `SCOPEDAUTH_E2E_SERVER=1`: the benchmark suite and the
/// callgrind probe both call ``serveIfRequested()`` first thing, so the child turns into the server and never
/// returns. Keeping the server out of the measured process keeps its CPU time and memory out of the figures.
public final class EndToEndServerProcess: Sendable {
    /// The environment variable that turns a process into the server.
    public static let environmentKey = "SCOPEDAUTH_E2E_SERVER"

    /// `http://127.0.0.1:<port>/`.
    public let baseURL: URL
    private let process: Process
    private let input: Int32
    private let output: Int32
    private let lock = Mutex(())

    /// Starts the child and waits for its port.
    public init(executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = []
        var environment = ProcessInfo.processInfo.environment
        environment[Self.environmentKey] = "1"
        process.environment = environment
        let toChild = Pipe()
        let fromChild = Pipe()
        process.standardInput = toChild
        process.standardOutput = fromChild
        try process.run()
        self.process = process
        input = toChild.fileHandleForWriting.fileDescriptor
        output = fromChild.fileHandleForReading.fileDescriptor
        // Keep the pipes' handles alive as long as the descriptors are used.
        handles = [toChild.fileHandleForWriting, fromChild.fileHandleForReading]
        let first = Self.readLine(output)
        guard let first, first.hasPrefix("port "), let port = UInt16(first.dropFirst(5)) else {
            process.terminate()
            throw EndToEndServerError(message: "the server process did not start (\(first ?? "no output"))")
        }
        baseURL = URL(string: "http://127.0.0.1:\(port)/")!
    }

    private let handles: [FileHandle]

    deinit {
        close(input)
        process.waitUntilExit()
    }

    /// Rejects every token issued so far.
    public func revoke() { _ = command("revoke") }

    /// Sets the latency of `POST /token`.
    public func setTokenLatency(_ latency: Duration) {
        _ = command("latency \(latency.components.seconds * 1_000_000 + latency.components.attoseconds / 1_000_000_000_000)")
    }

    /// Sets the lifetime of tokens issued from now on.
    public func setTokenLifetime(_ lifetime: Duration) {
        _ = command("lifetime \(lifetime.components.seconds * 1_000 + lifetime.components.attoseconds / 1_000_000_000_000_000)")
    }

    /// The server's counters.
    public func statistics() -> EndToEndStatistics {
        let numbers = (command("stats") ?? "").split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 4 else { return EndToEndStatistics(exchanges: -1, requests: -1, revokedSends: -1, staleSends: -1) }
        return EndToEndStatistics(exchanges: numbers[0], requests: numbers[1], revokedSends: numbers[2], staleSends: numbers[3])
    }

    private func command(_ line: String) -> String? {
        lock.withLock { _ in
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(input, $0.baseAddress!, $0.count) }
            return Self.readLine(output)
        }
    }

    private static func readLine(_ descriptor: Int32) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1 {
            if byte == 10 { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// When this process was started as the server (``environmentKey`` is `1`), serves until standard input
    /// closes, then exits; otherwise returns at once.
    public static func serveIfRequested() {
        guard ProcessInfo.processInfo.environment[environmentKey] == "1" else { return }
        guard let server = EndToEndServer() else {
            FileHandle.standardOutput.write(Data("failed\n".utf8))
            exit(1)
        }
        func reply(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
        reply("port \(server.port)")
        while let line = Self.readLine(STDIN_FILENO) {
            let parts = line.split(separator: " ")
            switch parts.first {
            case "revoke":
                server.revoke()
                reply("ok")
            case "latency":
                server.tokenLatency = .microseconds(parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
                reply("ok")
            case "lifetime":
                server.tokenLifetime = .milliseconds(parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
                reply("ok")
            case "stats":
                let s = server.statistics
                reply("\(s.exchanges) \(s.requests) \(s.revokedSends) \(s.staleSends)")
            default:
                reply("unknown")
            }
        }
        exit(0)
    }
}

/// The end-to-end server could not be started.
public struct EndToEndServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
