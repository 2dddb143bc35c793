import Foundation
import ScopedAuth
import Testing

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
}
