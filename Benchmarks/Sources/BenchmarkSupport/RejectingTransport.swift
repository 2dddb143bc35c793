public import ScopedAuth
import Synchronization

/// Answers 401 to every request that carries one rejected token (one generation) and passes the rest on; counts
/// how often each request (by its `X-Request-ID`) was sent.
///
/// The 401s are held until a given number of rejected requests are in flight, then all answered: a storm in which
/// every request was sent before the first rejection came back, whatever the scheduler does.
public final class RejectingTransport: HTTPTransport {
    public static let requestIDHeader = "X-Request-ID"

    private let base: any HTTPTransport
    private let rejectedAuthorization = Mutex<String?>(nil)
    private let held = Mutex<(remaining: Int, waiting: [CheckedContinuation<Void, Never>])>((0, []))
    private let sends = Mutex<[String: Int]>([:])
    private let phases: StormPhases?

    /// - Parameters:
    ///   - base: Where requests that are not rejected go.
    ///   - phases: Where to note the release of the held requests and every request passed on, if anywhere.
    public init(base: any HTTPTransport, phases: StormPhases? = nil) {
        self.base = base
        self.phases = phases
    }

    /// From now on, answers 401 to requests carrying exactly this `Authorization` value, the first `heldUntil` of
    /// them only once all of those have arrived.
    public func reject(authorization: String, heldUntil count: Int) {
        rejectedAuthorization.withLock { $0 = authorization }
        held.withLock { $0 = (count, []) }
    }

    /// Forgets the counts.
    public func resetCounts() {
        sends.withLock { $0.removeAll(keepingCapacity: true) }
    }

    /// Sends per request id.
    public var sendCounts: [String: Int] { sends.withLock { $0 } }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let id = request.headers[Self.requestIDHeader] { sends.withLock { $0[id, default: 0] += 1 } }
        let rejected = rejectedAuthorization.withLock { $0 }
        if let rejected, request.headers["Authorization"] == rejected {
            await withCheckedContinuation { continuation in
                let released = held.withLock { held -> [CheckedContinuation<Void, Never>] in
                    guard held.remaining > 0 else { return [continuation] }
                    held.remaining -= 1
                    held.waiting.append(continuation)
                    guard held.remaining == 0 else { return [] }
                    defer { held.waiting = [] }
                    return held.waiting
                }
                if !released.isEmpty { phases?.note(.released) }
                for waiter in released { waiter.resume() }
            }
            return HTTPResponse(status: 401, headers: ["Content-Type": "application/json"])
        }
        phases?.note(.passedOn)
        return try await base.send(request)
    }
}
