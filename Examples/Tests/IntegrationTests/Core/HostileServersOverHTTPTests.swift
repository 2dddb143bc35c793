import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthSpacelift
import ScopedAuthTesting
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The sentinel every client below uses as its secret; no byte of it may reach a second server.
private let sentinel = "SENTINEL-hostile-5b1d-never-send-me"

/// The real transport, refusing (and recording) any attempt to connect anywhere but 127.0.0.1 or ::1: hostile
/// host names in these tests must be refused by the SDK before any connection, and if one were not, no traffic
/// leaves the machine.
final class LoopbackOnlyTransport: HTTPTransport {
    private let base = loopbackTransport()
    private let refused = Mutex<[String]>([])

    /// The hosts the SDK tried to reach that are not loopback; must stay empty.
    var nonLoopbackAttempts: [String] { refused.withLock { $0 } }

    func send(_ request: ScopedAuth.HTTPRequest) async throws -> ScopedAuth.HTTPResponse {
        let host = request.url.host ?? ""
        guard ["127.0.0.1", "::1", "[::1]"].contains(host) else {
            refused.withLock { $0.append(host) }
            throw URLError(.cannotConnectToHost)
        }
        return try await base.send(request)
    }
}

/// One sign-in per service, against a base URL, with the sentinel as its secret.
enum SignIn: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case masv, masvLink, spacelift, spaceliftCurrentToken, mudstack, metaKraftwerk

    var testDescription: String { rawValue }

    func run(baseURL: URL, transport: any HTTPTransport) async throws {
        switch self {
        case .masv:
            let client = MASVClient(
                credential: .user(EmailPassword(email: "user@example.com", password: Secret(sentinel))),
                baseURL: baseURL, transport: transport, retryPolicy: .none)
            defer { Task { await client.shutdown() } }
            _ = try await client.teams()
        case .masvLink:
            let client = MASVClient(credential: .apiKey(Secret("not-used")), baseURL: baseURL, transport: transport,
                                    retryPolicy: .none)
            _ = try await client.links.open(id: "link-1", secret: Secret(sentinel), password: Secret(sentinel))
        case .spacelift, .spaceliftCurrentToken:
            let client = try SpaceliftClient(
                credential: .apiKey(KeyAndSecret(id: "01HVKEY", secret: Secret(sentinel))), baseURL: baseURL, transport: transport,
                retryPolicy: .none)
            defer { Task { await client.shutdown() } }
            if self == .spacelift { _ = try await client.viewer() } else { _ = try await client.currentToken() }
        case .mudstack:
            let client = MudstackClient(
                credential: KeyAndSecret(id: "key-1", secret: Secret(sentinel)), accountID: "account-1", baseURL: baseURL,
                transport: transport, retryPolicy: .none)
            defer { Task { await client.shutdown() } }
            _ = try await client.account.accounts()
        case .metaKraftwerk:
            let client = MetaKraftwerkClient(
                credential: EmailPassword(email: "user@example.com", password: Secret(sentinel)), baseURL: baseURL,
                transport: transport, retryPolicy: .none)
            defer { Task { await client.shutdown() } }
            _ = try await client.projects()
        }
    }
}

@Suite("Hostile servers over loopback HTTP", .timeLimit(.minutes(1)))
struct HostileServersOverHTTPTests {
    @Test("A sign-in answered by 307/308 to another origin: nothing reaches it, and the error names it",
          arguments: SignIn.allCases, [307, 308])
    func redirectedSignInReachesNothing(signIn: SignIn, status: Int) async throws {
        let collector = try await HostileServer.start(.answer(status: 200, body: #"{"token":"x"}"#))
        let front = try await HostileServer.start(.redirect(status: status, to: collector.baseURL))
        let transport = LoopbackOnlyTransport()
        await #expect { try await signIn.run(baseURL: front.baseURL, transport: transport) } throws: { error in
            guard let error = error as? AuthError else { return false }
            return error.kind == .credentialRedirect && error.origin == collector.origin
                && !"\(error)".contains(sentinel)
        }
        #expect(front.received.count == 1)
        #expect(front.received.contains { $0.raw.contains(sentinel) }, "the control: the sign-in did carry it")
        #expect(collector.received.isEmpty)
        #expect(!collector.received.contains { $0.raw.contains(sentinel) })
        #expect(transport.nonLoopbackAttempts.isEmpty)
        await front.stop()
        await collector.stop()
    }

    @Test("A sign-in redirected to plain HTTP on a public host is refused before any connection",
          arguments: SignIn.allCases)
    func redirectedToPublicHTTPIsRefused(signIn: SignIn) async throws {
        let public_ = try #require(URL(string: "http://127.attacker.example:8080"))
        let front = try await HostileServer.start(.redirect(status: 307, to: public_))
        let transport = LoopbackOnlyTransport()
        await #expect { try await signIn.run(baseURL: front.baseURL, transport: transport) } throws: { error in
            (error as? AuthError)?.kind == .credentialRedirect
                && (error as? AuthError)?.origin == "http://127.attacker.example:8080"
        }
        #expect(transport.nonLoopbackAttempts.isEmpty)
        await front.stop()
    }

    @Test("Massdriver's first query redirected elsewhere arrives without the secret; the 401 there is typed")
    func massdriverRedirectCarriesNoSecret() async throws {
        for status in [307, 308] {
            let collector = try await HostileServer.start(.answer(status: 401))
            let front = try await HostileServer.start(.redirect(status: status, to: collector.baseURL))
            let client = MassdriverClient(
                credential: MassdriverServiceAccountSecret(organizationID: "acme", secret: Secret(sentinel)),
                baseURL: front.baseURL, transport: LoopbackOnlyTransport(), retryPolicy: .none)
            await #expect { try await client.viewer() } throws: { error in
                (error as? AuthError)?.kind == .foreignRejection && (error as? AuthError)?.origin == collector.origin
            }
            let basic = Data("acme:\(sentinel)".utf8).base64EncodedString()
            #expect(front.received.count == 1)
            #expect(front.received.contains { $0.raw.contains(basic) }, "the control: the front did get it")
            #expect(collector.received.count == 1)
            #expect(!collector.received.contains { $0.raw.contains(sentinel) || $0.raw.contains(basic) })
            await front.stop()
            await collector.stop()
        }
    }

    @Test("Hostile host names are refused before any connection, for every service",
          arguments: ["http://127.attacker.example:9", "http://localhost.evil:9", "http://[::ffff:8.8.8.8]:9"])
    func hostileHostsAreRefused(base: String) async throws {
        let url = try #require(URL(string: base))
        let transport = LoopbackOnlyTransport()
        for signIn in SignIn.allCases {
            await #expect { try await signIn.run(baseURL: url, transport: transport) } throws: { error in
                (error as? AuthError)?.kind == .insecureTransport
            }
        }
        let massdriver = MassdriverClient(
            credential: MassdriverServiceAccountSecret(organizationID: "acme", secret: Secret(sentinel)),
            baseURL: url, transport: transport, retryPolicy: .none)
        await #expect { try await massdriver.viewer() } throws: { ($0 as? AuthError)?.kind == .insecureTransport }
        #expect(transport.nonLoopbackAttempts.isEmpty)
    }

    @Test("Nine downloads redirected to a CDN answering 401 cost no refresh; the session stays healthy")
    func aRedirectingCDNAnswering401CausesNoRefresh() async throws {
        let cdn = try await HostileServer.start(.answer(status: 401))
        let service = try await HostileServer.start(
            .redirectPrefix("/download", status: 302, to: cdn.baseURL, otherwise: 200, body: "healthy"))
        let exchange = CountingExchange()
        let session = TokenSession(exchange: exchange)
        let client = HTTPClient.authorized(
            transport: LoopbackOnlyTransport(), source: session, origin: try #require(HTTPOrigin(service.baseURL)),
            clock: SystemAuthClock(), retryPolicy: .none)
        for index in 0..<9 {
            await #expect {
                try await client.send(.init(method: .get, url: service.baseURL.appending(path: "download/\(index)")))
            } throws: { error in
                (error as? AuthError)?.kind == .foreignRejection && (error as? AuthError)?.origin == cdn.origin
            }
        }
        let healthy = try await client.send(.init(method: .get, url: service.baseURL.appending(path: "v1/me")))
        #expect(healthy.status == 200)
        #expect(exchange.count.load(ordering: .relaxed) == 1)
        #expect(cdn.received.count == 9)
        #expect(!cdn.received.contains { $0.raw.contains(sentinel) })
        #expect(service.received.filter { $0.raw.contains(sentinel) }.count == 10)
        await session.shutdown()
        await service.stop()
        await cdn.stop()
    }

    @Test("URLSessionTransport keeps the transport contract over loopback")
    func transportContract() async throws {
        try await TransportConformance.run { limit in
            URLSessionTransport(configuration: .init(requestTimeout: .seconds(20), maximumResponseSize: limit))
        }
    }
}

/// An exchange that issues the sentinel as a never-expiring token and counts how often it was asked.
final class CountingExchange: CredentialExchange {
    let count = Atomic<Int>(0)
    func exchange() async throws -> IssuedToken {
        count.add(1, ordering: .relaxed)
        return IssuedToken(value: Secret(sentinel), expiry: .never)
    }
}
