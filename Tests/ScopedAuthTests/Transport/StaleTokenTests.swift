import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ScopedAuth
import ScopedAuthTesting
import Synchronization
import Testing

/// A service behind a transport that, like `URLSession`, has a few connections and queues the other requests
/// inside itself, already stamped. The service has revoked `token-1`.
private final class ConnectionLimitedService: HTTPTransport {
    let connections: Int
    private let pool: AdmissionGate
    let sendsWithRevokedToken = Atomic<Int>(0)
    let sends = Atomic<Int>(0)

    init(connections: Int) {
        self.connections = connections
        pool = AdmissionGate(limit: connections)
    }

    var concurrentRequestsPerOrigin: Int? { connections }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await pool.enter()
        defer { pool.leave() }
        sends.add(1, ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(1))
        if request.headers["Authorization"] == "Bearer token-1" {
            sendsWithRevokedToken.add(1, ordering: .relaxed)
            return HTTPResponse(status: 401, headers: ["Content-Type": "application/json"], body: Data(#"{"error":"invalid_token"}"#.utf8))
        }
        return HTTPResponse(status: 200)
    }
}

@Suite struct StaleTokenTests {
    /// 1,000 concurrent requests after the service revoked the session's token, through a transport with 4
    /// connections: only the requests already on their way when the first 401 is known carry the revoked token
    /// (at most 2 × 4 with the default admission); every other one waits for the replacement before reading its token.
    @Test func requestsNotYetSentWhenARejectionIsKnownGoWithTheReplacement() async throws {
        let exchange = ScriptedExchange { call in
            try await Task.sleep(for: .milliseconds(5))
            return IssuedToken(value: Secret("token-\(call)"), expiry: .after(.seconds(3600)))
        }
        let session = TokenSession(exchange: exchange)
        _ = try await session.token()
        let service = ConnectionLimitedService(connections: 4)
        let client = HTTPClient.authorized(transport: service, source: session, origin: serviceOrigin, clock: SystemAuthClock())
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 {
                group.addTask { try await client.send(HTTPRequest(method: .get, url: serviceURL)).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 1_000)
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(exchange.calls == 2)
        #expect(service.sendsWithRevokedToken.load(ordering: .relaxed) <= 2 * 4)
        #expect(service.sends.load(ordering: .relaxed) == 1_000 + service.sendsWithRevokedToken.load(ordering: .relaxed))
    }

    @Test func urlSessionTransportDeclaresItsConnectionsAndTheStandardPipelineUsesThem() {
        let transport = URLSessionTransport()
        #expect(transport.concurrentRequestsPerOrigin == URLSessionConfiguration.ephemeral.httpMaximumConnectionsPerHost)
        let middleware = AuthMiddleware(source: StaticToken(Secret("t")), origin: serviceOrigin, maximumConcurrentRequests: 3)
        #expect(middleware.maximumConcurrentRequests == 3)
        #expect(AuthMiddleware(source: StaticToken(Secret("t")), origin: serviceOrigin).maximumConcurrentRequests == nil)
    }
}

@Suite struct AdmissionGateTests {
    /// Thousands of tasks through a gate of 3: never more than 3 inside at once, and every one gets in.
    @Test func neverAdmitsMoreThanItsLimit() async throws {
        let gate = AdmissionGate(limit: 3)
        let counts = LockedValue((inside: 0, most: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3_000 {
                group.addTask { [gate, counts] in
                    try await gate.enter()
                    counts.withLock { $0.inside += 1; $0.most = max($0.most, $0.inside) }
                    await Task.yield()
                    counts.withLock { $0.inside -= 1 }
                    gate.leave()
                }
            }
            try await group.waitForAll()
        }
        #expect((1...3).contains(counts.withLock { $0.most }))
        #expect(gate.available == 3)
    }

    /// A cancelled waiter leaves at once with `CancellationError` and holds no place.
    @Test func aCancelledWaiterLeavesWithoutAPlace() async throws {
        let gate = AdmissionGate(limit: 1)
        try await gate.enter()
        var waiters: [Task<Void, any Error>] = []
        for _ in 0..<100 {
            waiters.append(Task { [gate] in try await gate.enter() })
        }
        for waiter in waiters { waiter.cancel() }
        for waiter in waiters {
            await #expect(throws: CancellationError.self) { try await waiter.value }
        }
        gate.leave()
        #expect(gate.available == 1)
    }

    /// Waiters cancelled once they are in the queue (not before they reach it, as above) are resumed at once with
    /// `CancellationError`, and the queue is empty after them.
    @Test(.timeLimit(.minutes(1))) func waitersCancelledInTheQueueLeaveAtOnce() async throws {
        let gate = AdmissionGate(limit: 1)
        try await gate.enter()
        var waiters: [Task<Void, any Error>] = []
        for _ in 0..<1_000 {
            waiters.append(Task { [gate] in try await gate.enter() })
        }
        while gate.waiting < 1_000 { await Task.yield() }
        for waiter in waiters { waiter.cancel() }
        for waiter in waiters {
            await #expect(throws: CancellationError.self) { try await waiter.value }
        }
        #expect(gate.waiting == 0)
        gate.leave()
        #expect(gate.available == 1)
    }
}
