import Foundation
import ScopedAuth
import Testing

/// The rules for credential-bearing requests (SECURITY.md, Transport): HTTPS or real loopback only, only to their
/// own origin, never carried by a redirect to another origin, and rejections from elsewhere never blamed on the
/// session's token.
@Suite struct CredentialTransportTests {
    static let sentinel = "sentinel-password-9c1e"

    /// A sign-in request as an exchange builds it: the secret is in the body only.
    static func signIn(_ url: URL) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: url, headers: ["Content-Type": "application/json"],
            body: Data(#"{"email":"a@b.c","password":"\#(sentinel)"}"#.utf8))
    }

    static func exchangePipeline(_ transport: any HTTPTransport, origin: URL = serviceURL) -> HTTPClient {
        .exchange(transport: transport, origin: HTTPOrigin(origin)!, clock: SystemAuthClock(), retryPolicy: .none, service: "Test")
    }

    @Test("Loopback is parsed, never matched by prefix", arguments: [
        ("127.0.0.1", true), ("127.8.9.10", true), ("localhost", true), ("LOCALHOST", true), ("[::1]", true),
        ("::1", true), ("[0:0:0:0:0:0:0:1]", true), ("[::ffff:127.0.0.1]", true), ("[::ffff:7f00:1]", true),
        ("127.attacker.example", false), ("127.0.0.1.attacker.example", false), ("localhost.evil", false),
        ("api.localhost", false), ("[::ffff:8.8.8.8]", false), ("[::ffff:808:808]", false), ("127.1", false),
        ("0x7f.0.0.1", false), ("0177.0.0.1", false), ("127.0.0.256", false), ("[::2]", false), ("[::]", false),
        ("8.8.8.8", false), ("[fe80::1]", false), ("::1:1", false), ("", false),
    ])
    func loopbackIsParsed(host: String, isLoopback: Bool) {
        #expect(LoopbackHost.isLoopback(host) == isLoopback, "\(host)")
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        if let url = URL(string: "http://\(bracketed):8080/x"), let origin = HTTPOrigin(url) {
            #expect(origin.isLoopback == isLoopback, "\(host) as \(origin.host)")
            #expect(origin.isSecureForCredentials == isLoopback, "\(host)")
        }
    }

    @Test("A credential in headers or body is refused over plain HTTP to a hostile host, before any connection",
          arguments: ["http://127.attacker.example/x", "http://localhost.evil/x", "http://[::ffff:8.8.8.8]/x",
                      "http://api.localhost/x", "http://127.0.0.1.nip.example/x"])
    func hostileHostsAreRefused(url: String) async throws {
        let target = try #require(URL(string: url))
        let transport = RecordingTransport { _ in HTTPResponse(status: 200) }
        // The header form: a token for that origin.
        let targetOrigin = try #require(HTTPOrigin(target))
        let withHeader = HTTPClient.authorized(
            transport: transport, source: StaticToken(Secret(Self.sentinel)), origin: targetOrigin,
            clock: SystemAuthClock(), retryPolicy: .none)
        await #expect { try await withHeader.send(HTTPRequest(method: .get, url: target)) } throws: {
            ($0 as? AuthError)?.kind == .insecureTransport
        }
        // The body form: a sign-in bound to that origin.
        await #expect { try await Self.exchangePipeline(transport, origin: target).send(Self.signIn(target)) } throws: {
            ($0 as? AuthError)?.kind == .insecureTransport
        }
        // A hand-made request whose body is bound, through the plain transport-security step.
        let plain = HTTPClient(transport: transport, middlewares: [TransportSecurityMiddleware()])
        var bound = Self.signIn(target)
        bound.credentialOrigin = HTTPOrigin(target)
        #expect(bound.isCredentialBearing)
        await #expect { try await plain.send(bound) } throws: { ($0 as? AuthError)?.kind == .insecureTransport }
        #expect(transport.requests.isEmpty)
    }

    @Test("An exchange's request goes only to its own origin")
    func anExchangeGoesOnlyToItsOrigin() async throws {
        let transport = RecordingTransport { _ in HTTPResponse(status: 200) }
        let elsewhere = try #require(URL(string: "https://other.example.com/v1/auth"))
        await #expect { try await Self.exchangePipeline(transport).send(Self.signIn(elsewhere)) } throws: {
            ($0 as? AuthError)?.kind == .insecureTransport && ($0 as? AuthError)?.origin == "https://other.example.com:443"
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("A sign-in redirected by 307 or 308 to another origin, or to plain HTTP, is refused naming the target",
          arguments: [307, 308], [
            "https://collector.example.net/steal", "http://api.example.com/v1/auth", "https://api.example.com:8443/v1",
            "http://127.0.0.1:9/loopback-is-another-origin-too",
          ])
    func aRedirectedSignInIsRefused(status: Int, location: String) async throws {
        let transport = RecordingTransport { request in
            request.url == serviceURL ? HTTPResponse(status: status, headers: ["Location": location]) : HTTPResponse(status: 200)
        }
        let targetURL = try #require(URL(string: location))
        let target = try #require(HTTPOrigin(targetURL))
        await #expect { try await Self.exchangePipeline(transport).send(Self.signIn(serviceURL)) } throws: { error in
            guard let error = error as? AuthError else { return false }
            return error.kind == .credentialRedirect && error.origin == target.description && error.status == status
                && error.service == "Test" && !"\(error)".contains(Self.sentinel)
        }
        #expect(transport.requests.map(\.url) == [serviceURL])
    }

    @Test("A sign-in redirected within its own origin is followed")
    func aSameOriginRedirectIsFollowed() async throws {
        let moved = try #require(URL(string: "https://api.example.com/v2/auth"))
        let transport = RecordingTransport { request in
            request.url == serviceURL ? HTTPResponse(status: 308, headers: ["Location": "/v2/auth"]) : HTTPResponse(status: 200)
        }
        let response = try await Self.exchangePipeline(transport).send(Self.signIn(serviceURL))
        #expect(response.status == 200)
        #expect(transport.requests.map(\.url) == [serviceURL, moved])
        #expect(transport.requests.allSatisfy { $0.body == Self.signIn(serviceURL).body })
    }

    @Test("A token-only request redirected elsewhere loses the token and is followed; a 401 there is not the token's")
    func aForeignRejectionIsTypedAndCausesNoRefresh() async throws {
        let source = CountingSource()
        let transport = RecordingTransport { request in
            request.url == serviceURL
                ? HTTPResponse(status: 302, headers: ["Location": "https://cdn.example.net/blob"])
                : HTTPResponse(status: 401)
        }
        let client = HTTPClient.authorized(
            transport: transport, source: source, origin: serviceOrigin, clock: SystemAuthClock(), retryPolicy: .none)
        for _ in 0..<9 {
            await #expect { try await client.send(HTTPRequest(method: .get, url: serviceURL)) } throws: { error in
                guard let error = error as? AuthError else { return false }
                return error.kind == .foreignRejection && error.origin == "https://cdn.example.net:443" && error.status == 401
            }
        }
        #expect(source.replacements.withLock { $0 } == 0)
        #expect(transport.requests.filter { $0.url.host == "cdn.example.net" }.allSatisfy { !$0.isCredentialBearing })
        // The control: the same 401 from the service's own origin does ask for a replacement.
        let own = RecordingTransport { _ in HTTPResponse(status: 401) }
        let ownClient = HTTPClient.authorized(
            transport: own, source: source, origin: serviceOrigin, clock: SystemAuthClock(), retryPolicy: .none)
        _ = try await ownClient.send(HTTPRequest(method: .get, url: serviceURL))
        #expect(source.replacements.withLock { $0 } == 1)
    }

    @Test("Every segment is percent-encoded on its own; dot segments and control characters are refused")
    func requestPathEncodesEverySegment() throws {
        let base = try #require(URL(string: "https://api.example.com/root/"))
        let url = try RequestPath("v1", "teams", "x/../other-team", "packages").url(below: base)
        #expect(url.absoluteString == "https://api.example.com/root/v1/teams/x%2F..%2Fother-team/packages")
        let odd = try RequestPath("a?b#c", "%2e", "name with space").url(
            below: base, query: [URLQueryItem(name: "q", value: "a&b=c+d")])
        #expect(odd.absoluteString == "https://api.example.com/root/a%3Fb%23c/%252e/name%20with%20space?q=a%26b%3Dc%2Bd")
        for bad in ["..", ".", "", "a\nb"] {
            #expect { try RequestPath("v1", bad).url(below: base) } throws: { ($0 as? AuthError)?.kind == .invalidRequest }
        }
        #expect(RequestPath(literal: "/api/v1/").segments == ["api", "v1"])
    }
}

/// A token source that counts how often a replacement was asked for.
final class CountingSource: TokenSource {
    let replacements = LockedValue(0)
    func token() async throws -> AccessToken {
        AccessToken(value: Secret(CredentialTransportTests.sentinel), generation: TokenGeneration(rawValue: 1), expiresAt: nil)
    }
    func replacement(afterRejectionOf generation: TokenGeneration) async throws -> AccessToken? {
        replacements.withLock { $0 += 1 }
        return nil
    }
    func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
        request.headers["Authorization"] = "Bearer " + token.value.revealed
    }
    func isTokenRejected(_ response: HTTPResponse) -> Bool { response.status == 401 }
}
