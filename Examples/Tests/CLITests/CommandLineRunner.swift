import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// What one run of the `scopedauth` executable produced.
struct CommandResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs the built `scopedauth` executable with only the environment given (nothing inherited but `PATH`, so a
/// developer's own credentials cannot leak into a test).
func runScopedAuth(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
    let executable = try #require(
        scopedAuthExecutable(), "build the scopedauth product first (scripts/test-examples.sh builds everything)")
    let folder = FileManager.default.temporaryDirectory.appending(path: "scopedauth-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appending(path: "stdout")
    let errURL = folder.appending(path: "stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var variables = environment
    variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    // The token cache goes in this run's folder unless the test names one: never in the developer's home.
    if variables["XDG_CACHE_HOME"] == nil { variables["XDG_CACHE_HOME"] = folder.appending(path: "cache").path }
    process.environment = variables
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    process.standardInput = FileHandle.nullDevice
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    return CommandResult(
        status: status,
        standardOutput: try String(contentsOf: outURL, encoding: .utf8),
        standardError: try String(contentsOf: errURL, encoding: .utf8))
}

/// `scopedauth` next to the test bundle, in the build's products folder.
private func scopedAuthExecutable() -> URL? {
    builtExecutable(named: "scopedauth")
}

/// An executable product of this package, next to the test bundle in the build's products folder.
func builtExecutable(named name: String) -> URL? {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL,
        Bundle.main.bundleURL.deletingLastPathComponent(),
    ].map { $0.appending(path: name) }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// A built executable running in the background, with its output in files, so a test can watch it and send it
/// signals (Ctrl-C is SIGINT) while it runs.
final class RunningProcess: Sendable {
    private let process: Process
    private let folder: URL
    private let exit: Task<Int32, Never>

    /// Starts `name` (a product of this package) with only `environment` and `PATH`.
    init(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let executable = try #require(builtExecutable(named: name), "build the \(name) product first")
        folder = FileManager.default.temporaryDirectory.appending(path: "scopedauth-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.appending(path: "stdout").path, contents: nil)
        _ = FileManager.default.createFile(atPath: folder.appending(path: "stderr").path, contents: nil)
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var variables = environment
        variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = variables
        process.standardOutput = try FileHandle(forWritingTo: folder.appending(path: "stdout"))
        process.standardError = try FileHandle(forWritingTo: folder.appending(path: "stderr"))
        process.standardInput = FileHandle.nullDevice
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { continuation.yield($0.terminationStatus); continuation.finish() }
        try process.run()
        exit = Task { await stream.first { _ in true } ?? -1 }
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: folder)
    }

    var standardOutput: String { (try? String(contentsOf: folder.appending(path: "stdout"), encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOf: folder.appending(path: "stderr"), encoding: .utf8)) ?? "" }

    /// Sends `signal` (such as `SIGINT`, what Ctrl-C sends) to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits until `condition` holds, polling every 20 ms; false when `timeout` passes first or the process exits.
    func wait(upTo timeout: Duration, until condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            if !process.isRunning { return condition() }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// The exit status, or `nil` when the process is still running after `timeout` (it is then killed).
    func exitStatus(within timeout: Duration) async -> Int32? {
        let exit = self.exit
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await exit.value }
            group.addTask { [self] in
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { send(SIGKILL) }  // so that the other child ends too
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        return status
    }
}

/// The seeded credentials as the vendors' environment variables, as `scopedauth-emulator` prints them, without MASV's
/// API key: MASV commands here sign in with the seeded user's email and password.
func seededEnvironment(_ server: EmulatorServer) -> [String: String] {
    server.emulator.seededEnvironment.filter { $0.key != "MASV_API_KEY" }
}
