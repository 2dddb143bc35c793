import Foundation
import ScopedAuth

/// A transport that answers with a closure and records every request it received.
final class RecordingTransport: HTTPTransport {
    private let log = LockedValue<[HTTPRequest]>([])
    private let answer: @Sendable (HTTPRequest) async throws -> HTTPResponse

    init(_ answer: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        self.answer = answer
    }

    var requests: [HTTPRequest] { log.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        log.withLock { $0.append(request) }
        return try await answer(request)
    }
}

let serviceURL = URL(string: "https://api.example.com/v1/thing")!
let serviceOrigin = HTTPOrigin(serviceURL)!
