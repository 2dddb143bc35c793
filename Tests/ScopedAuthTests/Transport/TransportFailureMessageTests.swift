import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScopedAuth
import Testing

/// A transport failure reaches a person as an `AuthError` that says which `host:port` could not be reached and
/// what to check, never as a raw `URLError -1004`, and never with the request's path, query or credential.
@Suite struct TransportFailureMessageTests {
    /// A request over the real `URLSessionTransport` through an `HTTPClient`, as every service client sends.
    private func send(_ url: URL, timeout: Duration = .seconds(30)) async -> AuthError? {
        let transport = URLSessionTransport(configuration: .init(requestTimeout: timeout))
        let client = HTTPClient(transport: transport, middlewares: [], service: "Example")
        do {
            _ = try await client.send(HTTPRequest(method: .get, url: url))
            return nil
        } catch {
            return error as? AuthError
        }
    }

    private func expectNoLeak(_ error: AuthError?) {
        let text = String(describing: error)
        #expect(!text.contains(sentinelSecret))
        #expect(!text.contains("URLError"))
    }

    @Test func aRefusedPortNamesHostAndPortAndAsksWhetherTheServerRuns() async throws {
        let port = try LoopbackListener.closedPort()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/v1/teams?api_key=\(sentinelSecret)"))
        let error = await send(url)
        #expect(error?.kind == .transient)
        #expect(error?.service == "Example")
        #expect(error?.detail == "connection refused by 127.0.0.1:\(port): is the server running and listening on that port?")
        #expect(!String(describing: error).contains("-1004"))
        expectNoLeak(error)
    }

    @Test func anUnresolvableHostSaysDNSAndNamesTheHost() async throws {
        // `.invalid` never resolves (RFC 6761), with or without a network.
        let url = try #require(URL(string: "https://scopedauth-test.invalid/v1?token=\(sentinelSecret)"))
        let error = await send(url)
        #expect(error?.kind == .transient)
        #expect(error?.detail?.hasPrefix("the host name scopedauth-test.invalid could not be resolved (DNS)") == true)
        expectNoLeak(error)
    }

    @Test func aServerThatNeverAnswersIsATimeoutNamingHostAndPort() async throws {
        let listener = try LoopbackListener()
        defer { listener.stop() }
        let url = try #require(URL(string: "http://127.0.0.1:\(listener.port)/slow"))
        let error = await send(url, timeout: .seconds(1))
        #expect(error?.kind == .timeout)
        #expect(error?.detail?.hasPrefix("no answer from 127.0.0.1:\(listener.port) before the request timeout") == true)
        expectNoLeak(error)
    }

    @Test(arguments: [
        (URLError.Code.cannotConnectToHost, AuthError.Kind.transient, "connection refused by api.example.com:8443"),
        (.cannotFindHost, .transient, "the host name api.example.com could not be resolved (DNS)"),
        (.dnsLookupFailed, .transient, "the host name api.example.com could not be resolved (DNS)"),
        (.timedOut, .timeout, "no answer from api.example.com:8443"),
        (.networkConnectionLost, .transient, "the connection to api.example.com:8443 closed"),
        (.serverCertificateUntrusted, .transient, "the TLS handshake with api.example.com:8443 failed"),
        (.secureConnectionFailed, .transient, "the TLS handshake with api.example.com:8443 failed"),
        (.cannotParseResponse, .malformedResponse, "api.example.com:8443 answered something that is not"),
        (.notConnectedToInternet, .transient, "no network connection while reaching api.example.com:8443"),
        (.resourceUnavailable, .transient, "could not reach api.example.com:8443 (network error"),
    ])
    func eachFailureSaysWhatToCheck(code: URLError.Code, kind: AuthError.Kind, start: String) throws {
        let url = try #require(URL(string: "https://user:\(sentinelSecret)@api.example.com:8443/v1/x?sig=\(sentinelSecret)"))
        let error = AuthError.transportFailure(URLError(code), reaching: url, service: "MASV")
        #expect(error.kind == kind)
        #expect(error.detail?.hasPrefix(start) == true, "\(error)")
        #expect(error.service == "MASV")
        expectNoLeak(error)
    }

    @Test func theDefaultPortIsNamedAndAnIPv6HostIsBracketed() throws {
        let https = try #require(URL(string: "https://api.example.com/v1"))
        #expect(AuthError.transportFailure(URLError(.cannotConnectToHost), reaching: https).detail?
            .hasPrefix("connection refused by api.example.com:443:") == true)
        let ipv6 = try #require(URL(string: "http://[::1]:9000/v1"))
        #expect(AuthError.transportFailure(URLError(.cannotConnectToHost), reaching: ipv6).detail?
            .hasPrefix("connection refused by [::1]:9000:") == true)
    }

    @Test func anErrorOfAnotherTransportNamesItsTypeAndTheTarget() throws {
        struct ConnectFailed: Error {}
        let url = try #require(URL(string: "http://127.0.0.1:8080/x"))
        let error = AuthError.transportFailure(ConnectFailed(), reaching: url)
        #expect(error.kind == .transient)
        #expect(error.detail == "could not reach 127.0.0.1:8080 (ConnectFailed): is the server running and reachable from here?")
    }
}

/// A TCP socket listening on 127.0.0.1 at an ephemeral port that never accepts: connections complete in the
/// kernel's backlog and then wait for an answer that never comes.
private final class LoopbackListener: Sendable {
    let descriptor: Int32
    let port: Int

    init(listening: Bool = true) throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, !listening || listen(socketDescriptor, 16) == 0 else {
            _ = close(socketDescriptor)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        descriptor = socketDescriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func stop() { _ = close(descriptor) }

    /// A loopback port that nothing listens on: held by a socket that is bound but never listens, so connections
    /// are refused, and kept open until the test process ends, so that no server another test starts meanwhile
    /// can be handed the port (a closed port can be handed out again at once).
    static func closedPort() throws -> Int {
        try LoopbackListener(listening: false).port
    }
}
