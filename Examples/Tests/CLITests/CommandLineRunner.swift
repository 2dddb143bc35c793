import Foundation
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
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL,
        Bundle.main.bundleURL.deletingLastPathComponent(),
    ].map { $0.appending(path: "scopedauth") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}
