public import ScopedAuth
import Synchronization

/// Answers 401 to every request that carries one rejected token (one generation) and passes the rest on; counts
/// how often each request (by its `X-Request-ID`) was sent.
public final class RejectingTransport: HTTPTransport {
    public static let requestIDHeader = "X-Request-ID"

    private let base: any HTTPTransport
    private let rejectedAuthorization = Mutex<String?>(nil)
    private let sends = Mutex<[String: Int]>([:])

    public init(base: any HTTPTransport) {
        self.base = base
    }

    /// From now on, answers 401 to requests carrying exactly this `Authorization` value.
    public func reject(authorization: String) {
        rejectedAuthorization.withLock { $0 = authorization }
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
            return HTTPResponse(status: 401, headers: ["Content-Type": "application/json"])
        }
        return try await base.send(request)
    }
}
