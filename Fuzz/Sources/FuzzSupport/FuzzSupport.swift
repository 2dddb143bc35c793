import CLibFuzzer
import Dispatch
public import Foundation
public import ScopedAuth
public import ScopedAuthTesting
import Synchronization

/// One fuzz input: which scenario to run, which status the fuzzed answer carries, and its body.
///
/// Byte 0 picks the scenario, byte 1 the status, the rest is the body that replaces the real answer.
public struct FuzzCase: Sendable {
    /// The index of the scenario to run, in `0..<scenarios`.
    public let scenario: Int
    /// The status of the fuzzed answer.
    public let status: Int
    /// The body of the fuzzed answer.
    public let body: Data

    /// Statuses the fuzzed answer may carry: mostly success (decoders), then the error shapes each client parses.
    /// 5xx and 429 are left out: they are retried with backoff on the real clock, which would only slow fuzzing.
    static let statuses = [200, 200, 200, 201, 400, 401, 403, 404, 409, 422]

    /// Splits raw fuzzer bytes.
    public init(_ start: UnsafePointer<UInt8>?, _ count: Int, scenarios: Int) {
        let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        scenario = bytes.isEmpty ? 0 : Int(bytes[0]) % max(1, scenarios)
        status = bytes.count < 2 ? 200 : Self.statuses[Int(bytes[1]) % Self.statuses.count]
        body = Data(bytes.dropFirst(2))
    }
}

/// A transport that forwards to the emulator and replaces the first answer to a matching request with the fuzz
/// case's status and body, so a client's real decoding path meets hostile bytes through its public API only.
public final class FuzzTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let matches: @Sendable (HTTPRequest) -> Bool
    private let fuzzCase: FuzzCase
    private let used = Mutex(false)

    /// - Parameters:
    ///   - base: The emulator's transport.
    ///   - fuzzCase: The status and body to answer with.
    ///   - matches: Which request gets the fuzzed answer (the first one that matches).
    public init(_ base: any HTTPTransport, _ fuzzCase: FuzzCase, matches: @escaping @Sendable (HTTPRequest) -> Bool) {
        self.base = base
        self.fuzzCase = fuzzCase
        self.matches = matches
    }

    /// Whether the fuzzed answer was served.
    public var served: Bool { used.withLock { $0 } }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let real = try await base.send(request)
        guard matches(request), used.withLock({ used in defer { used = true }; return !used }) else { return real }
        return HTTPResponse(status: fuzzCase.status, headers: real.headers, body: fuzzCase.body)
    }
}

/// Matches requests by method and by the end of their path (`*` matches one path segment).
public func route(_ method: HTTPMethod, _ pattern: String) -> @Sendable (HTTPRequest) -> Bool {
    let wanted = pattern.split(separator: "/")
    return { request in
        guard request.method == method else { return false }
        let path = request.url.path.split(separator: "/")
        guard path.count >= wanted.count else { return false }
        return zip(path.suffix(wanted.count), wanted).allSatisfy { $1 == "*" || $0 == $1 }
    }
}

/// A new emulator for one fuzz case, on the real clock (nothing here sleeps: retries are off).
///
/// Every input gets its own, so state (packages, builds, request logs) never accumulates across a run: memory
/// stays flat, and an input's outcome does not depend on the inputs before it.
public func freshEmulator() -> Emulator {
    Emulator(clock: SystemAuthClock(), masvConfiguration: MASVConfiguration(minChunkSize: 16, maxChunkSize: 1024))
}

/// Runs `body` to completion from libFuzzer's synchronous callback.
public func runToCompletion(_ body: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await body()
        done.signal()
    }
    done.wait()
}

/// Runs one client operation: success is fine, a typed error is fine, anything else is a finding.
///
/// - Parameters:
///   - isTyped: Whether an error is one of the SDK's typed errors (``AuthError`` always is).
///   - operation: The operation.
public func expectTyped(
    isTyped: (any Error) -> Bool = { _ in false }, _ operation: () async throws -> Void
) async {
    do {
        try await operation()
    } catch let error as AuthError {
        // Describing a typed error must not trap either.
        _ = (String(describing: error), String(reflecting: error))
    } catch {
        guard isTyped(error) else {
            fatalError("untyped error escaped the SDK: \(type(of: error))")
        }
        _ = String(describing: error)
    }
}

/// The entry point of a fuzz executable: hands the process arguments and `callback` to libFuzzer's driver.
///
/// SwiftPM links a debug executable with `main` renamed to `<Target>_main`; each target defines that symbol with
/// `@_cdecl` and calls this. (A release build keeps libFuzzer's own `main`, which calls the same callback.)
public func runLibFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}

/// A transport for clients that must not reach any network: every request fails with a typed error.
public struct NoTransport: HTTPTransport {
    /// Creates the transport.
    public init() {}

    /// Fails: nothing is sent.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        throw AuthError(.transient, detail: "the fuzz harness sends no request")
    }
}
