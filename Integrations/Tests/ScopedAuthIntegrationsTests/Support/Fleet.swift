import Crypto
import Foundation
import PostgresNIO
import ScopedAuth
import ScopedAuthPostgres
import ScopedAuthTesting
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The lines a member printed, filled by the pipe's reading handler.
private final class LineBuffer: Sendable {
    let pending = Mutex<[UInt8]>([])
    let lines = Mutex<[String]>([])

    func append(_ data: Data) {
        let complete = pending.withLock { buffer -> [String] in
            buffer.append(contentsOf: data)
            var found: [String] = []
            while let newline = buffer.firstIndex(of: 10) {
                found.append(String(decoding: buffer[..<newline], as: UTF8.self))
                buffer.removeSubrange(...newline)
            }
            return found
        }
        if !complete.isEmpty { lines.withLock { $0.append(contentsOf: complete) } }
    }
}

/// One `scopedauth-fleet-member` OS process, driven through its stdin and read through its stdout lines.
///
/// `@unchecked Sendable`: `process` and `input` are assigned once in `init` and afterwards only used through
/// calls that are safe from any thread (`isRunning`, `processIdentifier`, `waitUntilExit`, writing to a pipe);
/// the output lines are behind a `Mutex`.
final class FleetMember: @unchecked Sendable {
    let index: Int
    private let process: Process
    private let input: FileHandle
    private let buffer = LineBuffer()

    /// The built executable, next to the test bundle.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["SCOPEDAUTH_FLEET_MEMBER"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("scopedauth-fleet-member")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/scopedauth-fleet-member")
    }

    init(index: Int, arguments: [String]) throws {
        self.index = index
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        self.process = process
        self.input = stdin.fileHandleForWriting
        let buffer = self.buffer
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            buffer.append(data)
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var output: [String] { buffer.lines.withLock { $0 } }

    func send(_ command: String) {
        try? input.write(contentsOf: Data((command + "\n").utf8))
    }

    /// Waits for a line starting with `prefix` after the first `skip` such lines.
    func line(startingWith prefix: String, skip: Int = 0, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let matches = output.filter { $0.hasPrefix(prefix) }
            if matches.count > skip { return matches[skip] }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FleetError("member \(index) printed no '\(prefix)' line (#\(skip + 1)); output: \(output.suffix(5))")
    }

    func count(_ prefix: String) -> Int { output.filter { $0.hasPrefix(prefix) }.count }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func quit() {
        if process.isRunning {
            send("quit")
            try? input.close()
        }
    }

    func waitForExit(timeout: Duration = .seconds(20)) async {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }
}

struct FleetError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A `done ok=… failed=… token=… ms=…` line of a member.
struct StormResult: CustomStringConvertible {
    var ok: Int
    var failed: Int
    var tokens: [String]
    var milliseconds: Double

    init(_ line: String) {
        var fields: [String: String] = [:]
        for word in line.split(separator: " ").dropFirst() {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        ok = fields["ok"].flatMap(Int.init) ?? 0
        failed = fields["failed"].flatMap(Int.init) ?? -1
        tokens = fields["token"].map { $0.split(separator: ",").map(String.init) } ?? []
        milliseconds = fields["ms"].flatMap(Double.init) ?? 0
    }

    var description: String { "ok=\(ok) failed=\(failed) tokens=\(tokens) ms=\(milliseconds)" }
}

/// A fleet of member processes against one loopback emulator and one table.
final class Fleet: Sendable {
    let members: [FleetMember]
    let table: String

    /// The sealing key and key id the members use (`scopedauth-fleet-member`'s test constants).
    static let sealer: AESGCMTokenSealer? = try? AESGCMTokenSealer(
        key: SymmetricKey(data: [UInt8](repeating: 0x5A, count: 32)), keyID: "fleet-test")

    init(size: Int, emulator: LoopbackEmulator, table: String, store: Bool = true, leaseMilliseconds: Int = 15_000)
        throws
    {
        self.table = table
        let key = emulator.emulator.spacelift.seededAPIKey
        var arguments = [
            "--endpoint", emulator.origins.spacelift.absoluteString, "--key-id", key.id,
            "--key-secret", key.secret.revealed, "--table", table, "--lease-ms", "\(leaseMilliseconds)",
        ]
        if !store { arguments.append("--no-store") }
        members = try (0..<size).map { try FleetMember(index: $0, arguments: arguments) }
    }

    func ready() async throws {
        for member in members { _ = try await member.line(startingWith: "ready") }
    }

    /// Sends `command` to every member at once and collects each member's `done` line.
    func storm(_ command: String, members chosen: [FleetMember]? = nil) async throws -> [StormResult] {
        let chosen = chosen ?? members
        let before = chosen.map { $0.count("done") }
        for member in chosen { member.send(command) }
        var results: [StormResult] = []
        for (member, skip) in zip(chosen, before) {
            results.append(StormResult(try await member.line(startingWith: "done", skip: skip)))
        }
        return results
    }

    func stop() async {
        for member in members { member.quit() }
        for member in members { await member.waitForExit() }
    }

    /// Starts one member, lets it exchange once (generation 1), then stores that token again as generation 2,
    /// already expired: the state of a fleet whose shared token just expired.
    static func seedExpiredToken(emulator: LoopbackEmulator, table: String, client: PostgresClient) async throws {
        let seeder = try Fleet(size: 1, emulator: emulator, table: table)
        try await seeder.ready()
        let result = try await seeder.storm("token 1")
        await seeder.stop()
        guard result.first?.ok == 1, let sealer else { throw FleetError("the seeding member got no token: \(result)") }
        let store = PostgresTokenStore(client: client, sealer: sealer, configuration: .init(table: table))
        let keys = try await client.query(PostgresQuery(unsafeSQL: "SELECT key FROM \(table)")).decode(String.self)
            .reduce(into: [String]()) { $0.append($1) }
        guard keys.count == 1, let raw = keys.first else { throw FleetError("expected one row, found \(keys.count)") }
        let key = TokenStoreKey(rawValue: raw)
        guard let stored = try await store.load(key) else { throw FleetError("the seeded row does not load") }
        let now = Date.now
        let expired = StoredToken(
            value: stored.value, generation: stored.generation + 1, expiresAt: now.addingTimeInterval(-1),
            issuedAt: now.addingTimeInterval(-3600))
        _ = try await store.publish(expired, for: key, releasing: nil)
    }
}

extension Fleet {
    /// Stores the current token of the table's one row again, one generation up and already expired.
    static func expireStoredToken(table: String, client: PostgresClient) async throws {
        guard let sealer else { throw FleetError("no sealer") }
        let store = PostgresTokenStore(client: client, sealer: sealer, configuration: .init(table: table))
        let keys = try await client.query(PostgresQuery(unsafeSQL: "SELECT key FROM \(table)")).decode(String.self)
            .reduce(into: [String]()) { $0.append($1) }
        guard let raw = keys.first else { throw FleetError("no row to expire") }
        let key = TokenStoreKey(rawValue: raw)
        guard let stored = try await store.load(key) else { throw FleetError("the row does not load") }
        let now = Date.now
        _ = try await store.publish(
            StoredToken(value: stored.value, generation: stored.generation + 1, expiresAt: now.addingTimeInterval(-1),
                        issuedAt: now.addingTimeInterval(-3600)),
            for: key, releasing: nil)
    }
}
