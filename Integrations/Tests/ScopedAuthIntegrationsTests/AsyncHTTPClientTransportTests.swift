import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScopedAuth
import ScopedAuthAsyncHTTPClient
import ScopedAuthMassdriver
import ScopedAuthMudstack
import ScopedAuthTesting
import Synchronization
import Testing

/// The AsyncHTTPClient transport against the emulator and small hostile servers over loopback HTTP.
@Suite("AsyncHTTPClient transport over loopback HTTP", .timeLimit(.minutes(1)))
struct AsyncHTTPClientTransportTests {
    static let secret = "sentinel-api-key-7f3a9c"

    @Test("AsyncHTTPClientTransport keeps every rule of the transport contract (TransportConformance)")
    func conformance() async throws {
        let made = Mutex<[AsyncHTTPClientTransport]>([])
        try await TransportConformance.run { limit in
            let transport = AsyncHTTPClientTransport(configuration: .init(maximumResponseSize: limit))
            made.withLock { $0.append(transport) }
            return transport
        }
        for transport in made.withLock({ $0 }) { try await transport.shutdown() }
    }

    @Test("A Mudstack sign-in redirected by 307 to another loopback origin: nothing reaches it, the error names it")
    func redirectedSignInReachesNothing() async throws {
        let collector = try await LoopbackServer.start { _ in LoopbackReply(HTTPResponse(status: 200, body: Data(#""x""#.utf8))) }
        let front = try await LoopbackServer.redirecting(to: collector.baseURL.appending(path: "steal"))
        let transport = AsyncHTTPClientTransport()
        let client = MudstackClient(
            credential: KeyAndSecret(id: "key-1", secret: Secret(Self.secret)), accountID: "account-1", baseURL: front.baseURL,
            transport: transport, retryPolicy: .none)
        let collectorOrigin = try #require(HTTPOrigin(collector.baseURL)).description
        await #expect { _ = try await client.account.accounts() } throws: { error in
            guard let error = error as? AuthError else { return false }
            return error.kind == .credentialRedirect && error.origin == collectorOrigin && !"\(error)".contains(Self.secret)
        }
        // The control: the sign-in did carry the secret, to its own origin only.
        #expect(front.requests.count == 1)
        #expect(front.requests.contains { String(decoding: $0.body ?? Data(), as: UTF8.self).contains(Self.secret) })
        #expect(collector.requests.isEmpty)
        await client.shutdown()
        try await transport.shutdown()
        await front.stop()
        await collector.stop()
    }

    @Test("Massdriver's query redirected by 307 elsewhere arrives without the secret; the 401 there is foreign")
    func redirectedQueryIsAForeignRejection() async throws {
        let collector = try await LoopbackServer.start { _ in LoopbackReply(HTTPResponse(status: 401)) }
        let front = try await LoopbackServer.redirecting(to: collector.baseURL.appending(path: "graphql"))
        let transport = AsyncHTTPClientTransport()
        let client = MassdriverClient(
            credential: MassdriverServiceAccountSecret(organizationID: "acme", secret: Secret(Self.secret)),
            baseURL: front.baseURL, transport: transport, retryPolicy: .none)
        let collectorOrigin = try #require(HTTPOrigin(collector.baseURL)).description
        await #expect { _ = try await client.viewer() } throws: { error in
            (error as? AuthError)?.kind == .foreignRejection && (error as? AuthError)?.origin == collectorOrigin
        }
        // Basic base64(org:secret): the control checks that the first query did carry it, to its own origin.
        let basic = Data("acme:\(Self.secret)".utf8).base64EncodedString()
        #expect(front.requests.contains { $0.headers["Authorization"] == "Basic \(basic)" }, "the control")
        #expect(!collector.requests.isEmpty)
        for received in collector.requests {
            #expect(received.headers["Authorization"] == nil)
            #expect(!"\(received.headers.map(\.value))".contains(basic))
            #expect(!String(decoding: received.body ?? Data(), as: UTF8.self).contains(Self.secret))
        }
        try await transport.shutdown()
        await front.stop()
        await collector.stop()
    }

    @Test("A storm of 1,000 concurrent Mudstack calls through AsyncHTTPClient causes one exchange")
    func refreshStorm() async throws {
        let server = try await LoopbackEmulator.start()
        let transport = AsyncHTTPClientTransport()
        let mudstack = server.emulator.mudstack
        let client = MudstackClient(
            credential: mudstack.seededKey, accountID: mudstack.seededAccountID, baseURL: server.origins.mudstack,
            transport: transport, retryPolicy: .none)
        let succeeded = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 {
                group.addTask { try await client.account.accounts().count }
            }
            return try await group.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        }
        #expect(succeeded == 1_000)
        #expect(server.emulator.counters.exchanges(.mudstack) == 1)
        await client.shutdown()
        try await transport.shutdown()
        await server.stop()
    }

    @Test("The transport returns a 307 as is: it never follows, the other origin receives nothing")
    func transportDoesNotFollow() async throws {
        let other = try await LoopbackServer.start { _ in LoopbackReply(HTTPResponse(status: 200)) }
        let origin = try await LoopbackServer.start { _ in
            LoopbackReply(HTTPResponse(status: 307, headers: ["Location": other.baseURL.appending(path: "x").absoluteString]))
        }
        let transport = AsyncHTTPClientTransport()
        var request = HTTPRequest(method: .post, url: origin.baseURL.appending(path: "upload"), body: Data("body".utf8))
        request.headers.add(name: "X-API-KEY", value: Self.secret)
        let response = try await transport.send(request)
        #expect(response.status == 307)
        #expect(other.requests.isEmpty)
        try await transport.shutdown()
        await origin.stop()
        await other.stop()
    }

    @Test("Through the pipeline a 307 to another origin reaches it without the X-API-KEY (RedirectMiddleware decides)")
    func redirectCarriesNoCredential() async throws {
        let other = try await LoopbackServer.start { _ in LoopbackReply(HTTPResponse(status: 200, body: Data("ok".utf8))) }
        let origin = try await LoopbackServer.start { _ in
            LoopbackReply(HTTPResponse(status: 307, headers: ["Location": other.baseURL.appending(path: "cdn").absoluteString]))
        }
        let transport = AsyncHTTPClientTransport()
        let key = StaticToken(Secret(Self.secret), authorize: { request, token in
            request.headers["X-API-KEY"] = token.value.revealed
        })
        let pipeline = ScopedAuth.HTTPClient(
            transport: transport,
            middlewares: [
                AuthMiddleware(source: key, origin: try #require(HTTPOrigin(origin.baseURL))),
                RedirectMiddleware(), TransportSecurityMiddleware(),
            ],
            service: "Test")
        // The redirect rules may answer with the other origin's response or refuse with a typed error; either way
        // the credential must stay on its origin.
        _ = try? await pipeline.send(HTTPRequest(method: .get, url: origin.baseURL.appending(path: "file")))
        #expect(origin.requests.first?.headers["X-API-KEY"] == Self.secret)
        for received in other.requests {
            #expect(received.headers["X-API-KEY"] == nil)
            #expect(!"\(received.headers.map(\.value))".contains(Self.secret))
        }
        try await transport.shutdown()
        await origin.stop()
        await other.stop()
    }

    @Test("An AsyncHTTPClient that follows redirects itself is caught: the response is refused as insecure")
    func followingClientIsRefused() async throws {
        let other = try await LoopbackServer.start { _ in LoopbackReply(HTTPResponse(status: 200)) }
        let origin = try await LoopbackServer.start { _ in
            LoopbackReply(HTTPResponse(status: 307, headers: ["Location": other.baseURL.absoluteString]))
        }
        let following = AsyncHTTPClient.HTTPClient(
            eventLoopGroup: AsyncHTTPClient.HTTPClient.defaultEventLoopGroup,
            configuration: .init(redirectConfiguration: .follow(max: 3, allowCycles: false)))
        let transport = AsyncHTTPClientTransport(client: following)
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, url: origin.baseURL))
        } throws: { error in
            (error as? AuthError)?.kind == .insecureTransport
        }
        try await following.shutdown()
        await origin.stop()
        await other.stop()
    }

    @Test("A response larger than the limit fails while it streams, before the whole body is read")
    func oversizedResponse() async throws {
        // 4,096 chunks of 64 KiB: 256 MiB, with a limit of 256 KiB.
        let server = try await LoopbackServer.start { _ in LoopbackReply(HTTPResponse(status: 200), streamedChunks: 4_096) }
        let transport = AsyncHTTPClientTransport(configuration: .init(maximumResponseSize: 256 * 1024))
        await #expect {
            _ = try await transport.send(HTTPRequest(method: .get, url: server.baseURL))
        } throws: { error in
            (error as? AuthError)?.kind == .malformedResponse
        }
        #expect(server.streamedChunkCount < 4_096)
        try await transport.shutdown()
        await server.stop()
    }

    @Test("A body of exactly the limit is accepted")
    func bodyAtTheLimit() async throws {
        let server = try await LoopbackServer.start { _ in LoopbackReply(HTTPResponse(status: 200), streamedChunks: 4) }
        let transport = AsyncHTTPClientTransport(configuration: .init(maximumResponseSize: 4 * 64 * 1024))
        let response = try await transport.send(HTTPRequest(method: .get, url: server.baseURL))
        #expect(response.body.count == 4 * 64 * 1024)
        try await transport.shutdown()
        await server.stop()
    }

    @Test("Cancelling a GET or a POST in flight surfaces as CancellationError", arguments: [HTTPMethod.get, .post])
    func cancellation(method: HTTPMethod) async throws {
        let server = try await LoopbackServer.start { _ in
            try await Task.sleep(for: .seconds(30))
            return LoopbackReply(HTTPResponse(status: 200))
        }
        let transport = AsyncHTTPClientTransport()
        let body = method == .post ? Data("payload".utf8) : nil
        let task = Task { try await transport.send(HTTPRequest(method: method, url: server.baseURL, body: body)) }
        while server.requests.isEmpty { await Task.yield() }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        try await transport.shutdown()
        await server.stop()
    }

    @Test("A port nothing listens on is an AuthError naming host:port and what to check, never the path or query")
    func refusedPortSaysWhatCouldNotBeReached() async throws {
        // A socket bound but not listening: connections to its port are refused, and no server that another test
        // starts meanwhile can take the port (a stopped server's port could be handed out again at once).
        let reserved = try #require(ReservedPort())
        defer { reserved.close() }
        let port = reserved.port
        let transport = AsyncHTTPClientTransport()
        let client = AuthHTTPClient(transport: transport, middlewares: [], service: "Example")
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/v1/x?api_key=\(Self.secret)"))
        await #expect { _ = try await client.send(AuthHTTPRequest(method: .get, url: url)) } throws: { error in
            guard let error = error as? AuthError else { return false }
            return error.kind == .transient && error.service == "Example"
                && error.detail?.hasPrefix("could not reach 127.0.0.1:\(port) (") == true
                && !"\(error)".contains(Self.secret) && !"\(error)".contains("/v1/x")
        }
        try await transport.shutdown()
    }

    @Test("The transport adds no header of its own beyond HTTP/1.1 framing")
    func addsNoHeaders() async throws {
        let server = try await LoopbackServer.start { _ in LoopbackReply(HTTPResponse(status: 204)) }
        let transport = AsyncHTTPClientTransport()
        var request = HTTPRequest(method: .put, url: server.baseURL, body: Data("abc".utf8))
        request.headers.add(name: "X-Probe", value: "1")
        _ = try await transport.send(request)
        let names = Set(try #require(server.requests.first).headers.map { $0.name.lowercased() })
        #expect(names.subtracting(["host", "content-length", "connection"]) == ["x-probe"])
        #expect(server.requests.first?.body == Data("abc".utf8))
        try await transport.shutdown()
        await server.stop()
    }

    @Test("1,000 requests after a revocation: only those already in the pool carry the revoked token (2 × 8 connections)")
    func requestsNotYetSentWhenARejectionIsKnownGoWithTheReplacement() async throws {
        let server = try await LoopbackServer.start { request in
            try await Task.sleep(for: .milliseconds(1))
            guard request.headers["Authorization"] == "Bearer token-1" else { return LoopbackReply(HTTPResponse(status: 200)) }
            return LoopbackReply(HTTPResponse(
                status: 401, headers: ["Content-Type": "application/json"], body: Data(#"{"error":"invalid_token"}"#.utf8)))
        }
        let transport = AsyncHTTPClientTransport()
        #expect(transport.concurrentRequestsPerOrigin == 8)
        let session = TokenSession(exchange: NumberedTokens())
        _ = try await session.token()
        let client = HTTPClient.authorized(
            transport: transport, source: session, origin: try #require(HTTPOrigin(server.baseURL)), clock: SystemAuthClock())
        let url = server.baseURL.appending(path: "resource")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 { group.addTask { try await client.send(HTTPRequest(method: .get, url: url)).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 1_000 && statuses.allSatisfy { $0 == 200 })
        let revokedSends = server.requests.filter { $0.headers["Authorization"] == "Bearer token-1" }.count
        #expect(revokedSends >= 1 && revokedSends <= 2 * 8)
        await session.shutdown()
        try await transport.shutdown()
        await server.stop()
    }

    @Test("Requests on the wire at once: the pool's 8 for an owned client, what the configuration says otherwise")
    func concurrentRequestsPerOrigin() async throws {
        let owned = AsyncHTTPClientTransport(configuration: .init(concurrentRequestsPerOrigin: 32))
        #expect(owned.concurrentRequestsPerOrigin == 32)
        let application = AsyncHTTPClient.HTTPClient(
            eventLoopGroup: AsyncHTTPClient.HTTPClient.defaultEventLoopGroup,
            configuration: AsyncHTTPClientTransport.makeClientConfiguration())
        #expect(AsyncHTTPClientTransport(client: application).concurrentRequestsPerOrigin == nil)
        #expect(AsyncHTTPClientTransport(client: application, configuration: .init(concurrentRequestsPerOrigin: 4))
            .concurrentRequestsPerOrigin == 4)
        try await owned.shutdown()
        try await application.shutdown()
    }
}

/// `token-1`, `token-2`, …: one token per exchange.
private final class NumberedTokens: CredentialExchange {
    private let calls = Atomic<Int>(0)

    func exchange() async throws -> IssuedToken {
        let call = calls.add(1, ordering: .relaxed).newValue
        return IssuedToken(value: Secret("token-\(call)"), expiry: .after(.seconds(3_600)))
    }
}

/// A loopback TCP port held by a bound socket that never listens: connecting to it is refused.
private struct ReservedPort {
    let descriptor: Int32
    let port: Int

    init?() {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else {
            closeDescriptor(descriptor)
            return nil
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { closeDescriptor(descriptor) }
}

private func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}
