import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthTesting
import Synchronization

/// Runs `body` against a freshly started emulator server and stops it afterwards, whether `body` throws or not.
///
/// Each call gets its own emulator on its own random port base, so tests running in parallel share nothing.
func withEmulatorServer<T>(
    _ configuration: EmulatorServer.Configuration = EmulatorServer.Configuration(),
    _ body: (EmulatorServer) async throws -> T
) async throws -> T {
    let server = try await EmulatorServer.start(configuration)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A transport that counts what it is asked to send before passing it to the real one.
final class CountingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let sent = Mutex<[HTTPRequest]>([])

    init(_ base: any HTTPTransport = URLSessionTransport(configuration: .init(requestTimeout: .seconds(20)))) {
        self.base = base
    }

    /// Every request handed to the network, in order.
    var requests: [HTTPRequest] { sent.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sent.withLock { $0.append(request) }
        return try await base.send(request)
    }
}

/// The real transport with a timeout short enough for tests.
func loopbackTransport() -> URLSessionTransport {
    URLSessionTransport(configuration: URLSessionTransport.Configuration(requestTimeout: .seconds(20)))
}

extension URL {
    /// `self` with `path` appended, for building endpoint URLs from a base URL.
    func endpoint(_ path: String) -> URL {
        URL(string: absoluteString + (path.hasPrefix("/") ? path : "/" + path))!
    }
}
