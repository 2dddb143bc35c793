import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `URLSessionTransport` beyond the transport contract, which `TransportConformanceTests` checks over a real
/// loopback socket (method, headers and body unchanged, redirects returned, size limit, cancellation, no credential
/// added).
@Suite struct URLSessionTransportTests {
    @Test func aRefusedConnectionIsAnErrorNotACrash() async throws {
        let url = try #require(URL(string: "http://127.0.0.1:1/nothing-listens-here"))
        await #expect(throws: (any Error).self) { try await URLSessionTransport().send(HTTPRequest(method: .get, url: url)) }
    }

    @Test func aCancelledTaskThrowsCancellationErrorBeforeSending() async throws {
        let url = try #require(URL(string: "http://127.0.0.1:1/never"))
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await URLSessionTransport().send(HTTPRequest(method: .post, url: url, body: Data("x".utf8)))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func itDeclaresItsConnectionsOrTheStreamLimitItIsGiven() {
        typealias Configuration = URLSessionTransport.Configuration
        #expect(URLSessionTransport().concurrentRequestsPerOrigin
                == URLSessionConfiguration.ephemeral.httpMaximumConnectionsPerHost)
        #expect(URLSessionTransport(configuration: Configuration(maximumConnectionsPerHost: 3))
            .concurrentRequestsPerOrigin == 3)
        // An HTTP/2 service: many requests share the connections, up to its stream limit.
        #expect(URLSessionTransport(configuration: Configuration(maximumConnectionsPerHost: 3, concurrentRequestsPerOrigin: 100))
            .concurrentRequestsPerOrigin == 100)
        #expect(Configuration(maximumConnectionsPerHost: 0, concurrentRequestsPerOrigin: -4).maximumConnectionsPerHost == 1)
        #expect(Configuration(concurrentRequestsPerOrigin: -4).concurrentRequestsPerOrigin == 1)
    }

    /// The declared number is what reaches the wire: beyond its connections, requests wait inside `URLSession`.
    @Test func itOpensAtMostItsConfiguredConnectionsToAHost() async throws {
        // The held connections must outlast the test, however slow the machine: one closed by the server or timed
        // out by the client would let a queued request in.
        let server = try ConformanceServer(hangLimit: .seconds(120))
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(requestTimeout: .seconds(120), maximumConnectionsPerHost: 2))
        let url = try server.baseURL.appending(path: "hang")
        let requests = (0..<5).map { _ in Task { try await transport.send(HTTPRequest(method: .get, url: url)) } }
        defer { for request in requests { request.cancel() } }
        #expect(await eventually(timeout: .seconds(60)) { server.arrivalCount >= 2 })
        try await Task.sleep(for: .milliseconds(500))  // time for a third connection, were one opened
        #expect(server.arrivalCount == 2)
    }
}
