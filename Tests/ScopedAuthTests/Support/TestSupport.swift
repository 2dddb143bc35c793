import Foundation
import ScopedAuth
import Synchronization

/// The secret used by every core test; the hygiene tests check it never appears where it must not.
let sentinelSecret = "SENTINEL-7f3a9c-never-print-me"

/// A JWT-shaped token with the given claims (unsigned; ScopedAuth never verifies).
func makeJWT(exp: Double?, iat: Double? = nil, sub: String = "user", extra: String = "") -> String {
    var claims: [String] = ["\"sub\":\"\(sub)\""]
    if let exp { claims.append("\"exp\":\(exp)") }
    if let iat { claims.append("\"iat\":\(iat)") }
    if !extra.isEmpty { claims.append(extra) }
    let header = Data("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".utf8).base64URLEncodedString()
    let payload = Data(("{" + claims.joined(separator: ",") + "}").utf8).base64URLEncodedString()
    return "\(header).\(payload).\(Data(sentinelSecret.utf8).base64URLEncodedString())"
}

/// A gate that callers wait on until the test opens it.
final class Gate: Sendable {
    private let state = LockedValue<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if open { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A credential exchange whose behaviour a test scripts, counting calls and cancellations.
final class ScriptedExchange: CredentialExchange {
    private let counter = Atomic<Int>(0)
    private let cancellations = Atomic<Int>(0)
    private let behaviour: @Sendable (Int) async throws -> IssuedToken

    /// - Parameter behaviour: Called with the 1-based call number.
    init(_ behaviour: @escaping @Sendable (Int) async throws -> IssuedToken) {
        self.behaviour = behaviour
    }

    /// An exchange that returns `token-<n>` valid for `lifetime`, after waiting on `gate` if given.
    convenience init(lifetime: Duration? = .seconds(3600), gate: Gate? = nil) {
        self.init { call in
            if let gate { await gate.wait() }
            try Task.checkCancellation()
            return IssuedToken(value: Secret("token-\(call)-\(sentinelSecret)"), expiry: lifetime.map { .after($0) } ?? .never)
        }
    }

    var calls: Int { counter.load(ordering: .relaxed) }
    var cancelled: Int { cancellations.load(ordering: .relaxed) }

    func exchange() async throws -> IssuedToken {
        let call = counter.add(1, ordering: .relaxed).newValue
        do {
            return try await behaviour(call)
        } catch is CancellationError {
            cancellations.add(1, ordering: .relaxed)
            throw CancellationError()
        }
    }
}

/// Polls `condition` (yielding and briefly sleeping) until it holds or `timeout` passes.
func eventually(
    timeout: Duration = .seconds(20),
    _ condition: @Sendable () async -> Bool
) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return await condition()
}

/// The result of `task`, or `nil` when it has not finished within `limit` of real time; the task is then cancelled.
///
/// For a test whose step would otherwise wait forever when the rule it checks is broken (a timeout on the
/// `ManualClock` that never fires): Swift Testing's `.timeLimit` does not stop a test that never returns, so such a
/// regression would hang the run instead of failing it.
func result<Success: Sendable>(
    of task: Task<Success, any Error>, within limit: Duration = .seconds(20)
) async -> Result<Success, any Error>? {
    let resumed = Mutex(false)
    return await withCheckedContinuation { continuation in
        let finish: @Sendable (Result<Success, any Error>?) -> Void = { outcome in
            guard resumed.withLock({ resumed in defer { resumed = true }; return !resumed }) else { return }
            continuation.resume(returning: outcome)
        }
        let watchdog = Task {
            do { try await Task.sleep(for: limit) } catch { return }
            task.cancel()
            finish(nil)
        }
        Task {
            finish(await task.result)
            watchdog.cancel()
        }
    }
}

/// Collects every event of a session into an array that tests can read.
final class EventRecorder: Sendable {
    private final class Box: Sendable {
        let events = LockedValue<[AuthEvent]>([])
    }

    private let box = Box()

    init(_ session: TokenSession) {
        let stream = session.events(bufferSize: 100_000)
        Task { [box] in
            for await event in stream { box.events.withLock { $0.append(event) } }
        }
    }

    var all: [AuthEvent] { box.events.withLock { $0 } }

    func count(where predicate: (AuthEvent) -> Bool) -> Int { all.filter(predicate).count }
}
