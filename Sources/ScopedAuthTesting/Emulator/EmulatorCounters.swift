import ScopedAuth

/// Counts what the emulator served, so tests can assert on it: credential exchanges per credential, requests
/// per endpoint, and 401 (or equivalent "unauthorized") answers per service.
public final class EmulatorCounters: Sendable {
    private struct State {
        var exchanges: [String: Int] = [:]
        var requests: [String: Int] = [:]
        var unauthorized: [EmulatedServiceID: Int] = [:]
        var faults: [EmulatedServiceID: Int] = [:]
    }

    private let state = LockedValue(State())

    /// Creates empty counters.
    public init() {}

    /// Records one credential exchange (a sign-in that minted a token) for `credential` at `service`.
    package func recordExchange(_ service: EmulatedServiceID, credential: String) {
        state.withLock { $0.exchanges["\(service.rawValue)|\(credential)", default: 0] += 1 }
    }

    /// Records one request to `service` for `method` and `path`.
    package func recordRequest(_ service: EmulatedServiceID, method: String, path: String) {
        state.withLock { $0.requests["\(service.rawValue)|\(method) \(path)", default: 0] += 1 }
    }

    /// Records one answer that told the client its token was not accepted.
    package func recordUnauthorized(_ service: EmulatedServiceID) {
        state.withLock { $0.unauthorized[service, default: 0] += 1 }
    }

    /// Records one request that an injected fault applied to.
    package func recordFault(_ service: EmulatedServiceID) {
        state.withLock { $0.faults[service, default: 0] += 1 }
    }

    /// Requests to `service` that one or more injected faults applied to (latency, status, dropped connection,
    /// a damaged body): what a chaos test needs to explain each failure it sees.
    public func faultsServed(_ service: EmulatedServiceID) -> Int {
        state.withLock { $0.faults[service] ?? 0 }
    }

    /// Credential exchanges for `credential` (an API key id, an email, an account id) at `service`.
    public func exchanges(_ service: EmulatedServiceID, credential: String) -> Int {
        state.withLock { $0.exchanges["\(service.rawValue)|\(credential)"] ?? 0 }
    }

    /// All credential exchanges at `service`.
    public func exchanges(_ service: EmulatedServiceID) -> Int {
        state.withLock { state in
            state.exchanges.filter { $0.key.hasPrefix(service.rawValue + "|") }.values.reduce(0, +)
        }
    }

    /// Requests to `service` whose method is `method` and whose path is exactly `path` (no query).
    public func requests(_ service: EmulatedServiceID, method: String, path: String) -> Int {
        state.withLock { $0.requests["\(service.rawValue)|\(method.uppercased()) \(path)"] ?? 0 }
    }

    /// All requests to `service`.
    public func requests(_ service: EmulatedServiceID) -> Int {
        state.withLock { state in
            state.requests.filter { $0.key.hasPrefix(service.rawValue + "|") }.values.reduce(0, +)
        }
    }

    /// Answers to `service` that said "your token is not accepted" (401, or Spacelift's HTTP 200 "unauthorized").
    public func unauthorized(_ service: EmulatedServiceID) -> Int {
        state.withLock { $0.unauthorized[service] ?? 0 }
    }

    /// Forgets every count.
    public func reset() {
        state.withLock { $0 = State() }
    }
}
