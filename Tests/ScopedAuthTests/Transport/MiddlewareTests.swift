import Foundation
import ScopedAuth
import ScopedAuthTesting
import Synchronization
import Testing

@Suite struct MiddlewareTests {
    /// A service that accepts only the newest token value it knows about.
    static func service(accepting current: @escaping @Sendable () -> String) -> RecordingTransport {
        RecordingTransport { request in
            let sent = request.headers["Authorization"] ?? ""
            return HTTPResponse(status: sent == "Bearer " + current() ? 200 : 401)
        }
    }

    @Test func aThousandConcurrent401sForOneGenerationCauseOneRefreshAndOneReplayEach() async throws {
        let issued = Atomic<Int>(0)
        let exchange = ScriptedExchange { call in
            issued.store(call, ordering: .sequentiallyConsistent)
            try await Task.sleep(for: .milliseconds(5))
            return IssuedToken(value: Secret("token-\(call)"), expiry: .after(.seconds(3600)))
        }
        let session = TokenSession(exchange: exchange)
        _ = try await session.token()
        // The service revokes generation 1 (only token-2 is accepted) and answers the 1,000 requests carrying
        // generation 1 only once all of them are in flight, so every one of them sees the 401.
        let gate = Gate()
        let rejectedInFlight = Atomic<Int>(0)
        let transport = RecordingTransport { request in
            guard request.headers["Authorization"] == "Bearer token-1" else {
                return HTTPResponse(status: request.headers["Authorization"] == "Bearer token-2" ? 200 : 401)
            }
            if rejectedInFlight.add(1, ordering: .relaxed).newValue == 1_000 { gate.open() }
            await gate.wait()
            return HTTPResponse(status: 401)
        }
        let client = HTTPClient.authorized(transport: transport, source: session, origin: serviceOrigin, clock: SystemAuthClock())
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<1_000 {
                group.addTask {
                    var request = HTTPRequest(method: .get, url: serviceURL)
                    request.headers["X-Request-ID"] = "\(index)"
                    return try await client.send(request).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 1_000)
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(exchange.calls == 2)  // the first token and exactly one refresh
        let perRequest = Dictionary(grouping: transport.requests, by: { $0.headers["X-Request-ID"] ?? "" })
        #expect(perRequest.count == 1_000)
        #expect(perRequest.values.allSatisfy { $0.count == 2 })  // sent once, replayed once, never twice
    }

    @Test func a401AfterTheReplayIsReturnedNotLooped() async throws {
        let exchange = ScriptedExchange(lifetime: .seconds(3600))
        let session = TokenSession(exchange: exchange)
        let transport = RecordingTransport { _ in HTTPResponse(status: 401, body: Data("{\"message\":\"no\"}".utf8)) }
        let client = HTTPClient.authorized(transport: transport, source: session, origin: serviceOrigin, clock: SystemAuthClock())
        let response = try await client.send(HTTPRequest(method: .get, url: serviceURL))
        #expect(response.status == 401)
        #expect(transport.requests.count == 2)
        #expect(exchange.calls == 2)
    }

    @Test func aRejectionOfAnOlderGenerationReplaysWithoutRefresh() async throws {
        let exchange = ScriptedExchange(lifetime: .seconds(3600))
        let session = TokenSession(exchange: exchange)
        let first = try await session.token()
        let second = try #require(try await session.replacement(afterRejectionOf: first.generation))
        let recorder = EventRecorder(session)
        let stale = try #require(try await session.replacement(afterRejectionOf: first.generation))
        #expect(stale == second)
        #expect(exchange.calls == 2)
        #expect(await eventually {
            recorder.all.contains(.staleUnauthorizedReplayed(rejected: first.generation, replacement: second.generation))
        })
    }

    @Test func nonReplayableRequestsAreNotReplayed() async throws {
        let exchange = ScriptedExchange(lifetime: .seconds(3600))
        let session = TokenSession(exchange: exchange)
        let transport = RecordingTransport { _ in HTTPResponse(status: 401) }
        let client = HTTPClient.authorized(transport: transport, source: session, origin: serviceOrigin, clock: SystemAuthClock())
        let response = try await client.send(HTTPRequest(method: .post, url: serviceURL, isReplayable: false))
        #expect(response.status == 401)
        #expect(transport.requests.count == 1)
        #expect(exchange.calls == 1)
    }

    @Test func credentialsGoOnlyToTheServiceOrigin() async throws {
        let session = TokenSession(exchange: ScriptedExchange(lifetime: .seconds(3600)))
        let transport = RecordingTransport { _ in HTTPResponse(status: 200) }
        let client = HTTPClient.authorized(transport: transport, source: session, origin: serviceOrigin, clock: SystemAuthClock())
        _ = try await client.send(HTTPRequest(method: .get, url: serviceURL))
        _ = try await client.send(HTTPRequest(method: .put, url: URL(string: "https://storage.example.net/chunk?sig=1")!, body: Data([1])))
        _ = try await client.send(HTTPRequest(method: .get, url: URL(string: "https://api.example.com:8443/other")!))
        let sent = transport.requests
        #expect(sent[0].headers["Authorization"]?.hasPrefix("Bearer ") == true)
        #expect(!sent[1].headers.containsSensitive)
        #expect(!sent[2].headers.containsSensitive)
    }

    @Test func aRedirectToAnotherOriginCarriesNoCredential() async throws {
        let session = TokenSession(exchange: ScriptedExchange(lifetime: .seconds(3600)))
        let transport = RecordingTransport { request in
            switch request.url.host {
            case "api.example.com" where request.url.path == "/v1/thing":
                return HTTPResponse(status: 302, headers: ["Location": "/v1/moved"])
            case "api.example.com":
                return HTTPResponse(status: 307, headers: ["Location": "https://evil.example.org/steal"])
            default:
                return HTTPResponse(status: 200)
            }
        }
        let client = HTTPClient.authorized(transport: transport, source: session, origin: serviceOrigin, clock: SystemAuthClock())
        var request = HTTPRequest(method: .get, url: serviceURL)
        request.headers.add(name: "X-User-Token", value: sentinelSecret)
        let response = try await client.send(request)
        #expect(response.status == 200)
        let sent = transport.requests
        #expect(sent.count == 3)
        #expect(sent[1].url.path == "/v1/moved")
        #expect(sent[1].headers["Authorization"] != nil)  // same origin keeps its credential
        #expect(sent[2].url.host == "evil.example.org")
        #expect(!sent[2].headers.containsSensitive)
        #expect(!String(describing: sent[2].headers).contains(sentinelSecret))
    }

    @Test func redirectsStopAtTheLimit() async throws {
        let transport = RecordingTransport { _ in HTTPResponse(status: 302, headers: ["Location": "/again"]) }
        let client = HTTPClient(transport: transport, middlewares: [RedirectMiddleware(maximumRedirects: 3)])
        let response = try await client.send(HTTPRequest(method: .get, url: serviceURL))
        #expect(response.status == 302)
        #expect(transport.requests.count == 4)
    }

    @Test func plainHTTPToANonLoopbackHostIsRefusedForCredentials() async throws {
        let transport = RecordingTransport { _ in HTTPResponse(status: 200) }
        let insecure = URL(string: "http://api.example.com/v1/thing")!
        let session = TokenSession(exchange: ScriptedExchange(lifetime: .seconds(3600)))
        let client = HTTPClient.authorized(
            transport: transport, source: session, origin: HTTPOrigin(insecure)!, clock: SystemAuthClock())
        await #expect { try await client.send(HTTPRequest(method: .get, url: insecure)) } throws: {
            ($0 as? AuthError)?.kind == .insecureTransport
        }
        // A credential added by hand is caught by the last middleware too.
        let bare = HTTPClient(transport: transport, middlewares: [TransportSecurityMiddleware()])
        await #expect { try await bare.send(HTTPRequest(method: .get, url: insecure, headers: ["X-API-KEY": "k"])) } throws: {
            ($0 as? AuthError)?.kind == .insecureTransport
        }
        #expect(transport.requests.isEmpty)
        // Loopback HTTP is allowed.
        let loopback = URL(string: "http://127.0.0.1:8080/v1")!
        _ = try await bare.send(HTTPRequest(method: .get, url: loopback, headers: ["X-API-KEY": "k"]))
        #expect(transport.requests.count == 1)
    }

    @Test func retryHonoursRetryAfterOnTheInjectedClock() async throws {
        let clock = ManualClock()
        let attempts = Atomic<Int>(0)
        let transport = RecordingTransport { _ in
            attempts.add(1, ordering: .relaxed).newValue == 1
                ? HTTPResponse(status: 429, headers: ["Retry-After": "2"]) : HTTPResponse(status: 200)
        }
        let client = HTTPClient(transport: transport, middlewares: [RetryMiddleware(clock: clock)])
        let call = Task { try await client.send(HTTPRequest(method: .post, url: serviceURL)).status }
        await clock.waitForSleepers(count: 1)
        #expect(transport.requests.count == 1)
        clock.advance(by: .milliseconds(1_999))
        #expect(transport.requests.count == 1)
        clock.advance(by: .milliseconds(1))
        #expect(try await call.value == 200)
        #expect(transport.requests.count == 2)
    }

    @Test func retryGivesUpAfterMaximumAttemptsAndSkipsUnsafeCases() async throws {
        let clock = ManualClock()
        let failing = RecordingTransport { _ in HTTPResponse(status: 503) }
        let client = HTTPClient(transport: failing, middlewares: [RetryMiddleware(clock: clock)])
        let call = Task { try await client.send(HTTPRequest(method: .get, url: serviceURL)).status }
        await clock.run(for: .seconds(10))
        #expect(try await call.value == 503)
        #expect(failing.requests.count == 3)

        // POST is not retried on 500 (the service may have acted), nor when Retry-After is too long.
        let serverError = RecordingTransport { _ in HTTPResponse(status: 500) }
        _ = try await HTTPClient(transport: serverError, middlewares: [RetryMiddleware(clock: clock)])
            .send(HTTPRequest(method: .post, url: serviceURL))
        #expect(serverError.requests.count == 1)
        let slowDown = RecordingTransport { _ in HTTPResponse(status: 429, headers: ["Retry-After": "3600"]) }
        let limited = try await HTTPClient(transport: slowDown, middlewares: [RetryMiddleware(clock: clock)])
            .send(HTTPRequest(method: .get, url: serviceURL))
        #expect(limited.status == 429)
        #expect(slowDown.requests.count == 1)
    }

    @Test func droppedConnectionsOnIdempotentRequestsAreRetried() async throws {
        let clock = ManualClock()
        let attempts = Atomic<Int>(0)
        let transport = RecordingTransport { _ in
            if attempts.add(1, ordering: .relaxed).newValue < 3 { throw URLError(.networkConnectionLost) }
            return HTTPResponse(status: 200)
        }
        let client = HTTPClient(transport: transport, middlewares: [RetryMiddleware(clock: clock)])
        let call = Task { try await client.send(HTTPRequest(method: .get, url: serviceURL)).status }
        await clock.run(for: .seconds(5))
        #expect(try await call.value == 200)
        #expect(transport.requests.count == 3)
    }

    @Test func aTransportFailureLeavesThePipelineAsATypedErrorNamingTheService() async throws {
        let transport = RecordingTransport { _ in throw URLError(.networkConnectionLost) }
        let client = HTTPClient.authorized(
            transport: transport, source: nil, origin: serviceOrigin, clock: ManualClock(), retryPolicy: .none,
            service: "Example")
        await #expect {
            try await client.send(HTTPRequest(method: .post, url: serviceURL))
        } throws: { error in
            (error as? AuthError)?.kind == .transient && (error as? AuthError)?.service == "Example"
        }
        let cancelled = RecordingTransport { _ in throw CancellationError() }
        await #expect(throws: CancellationError.self) {
            try await HTTPClient(transport: cancelled, middlewares: []).send(HTTPRequest(method: .get, url: serviceURL))
        }
    }

    @Test func anExpiredStaticTokenFailsBeforeAnyRequest() async throws {
        let clock = ManualClock()
        let key = StaticToken(Secret(sentinelSecret), expiresAt: clock.now + .seconds(60), clock: clock)
        let transport = RecordingTransport { _ in HTTPResponse(status: 200) }
        let client = HTTPClient.authorized(transport: transport, source: key, origin: serviceOrigin, clock: clock)
        #expect(try await client.send(HTTPRequest(method: .get, url: serviceURL)).status == 200)
        clock.advance(by: .seconds(60))
        await #expect { try await client.send(HTTPRequest(method: .get, url: serviceURL)) } throws: {
            ($0 as? AuthError)?.kind == .tokenExpired
        }
        #expect(transport.requests.count == 1)
        #expect(!String(describing: key).contains(sentinelSecret))
    }

    @Test func aRejectedStaticTokenIsNotReplayed() async throws {
        let key = StaticToken(Secret("k"), authorize: { request, token in
            request.headers.add(name: "X-API-KEY", value: token.value.revealed)
        })
        let transport = RecordingTransport { _ in HTTPResponse(status: 401) }
        let client = HTTPClient.authorized(transport: transport, source: key, origin: serviceOrigin, clock: SystemAuthClock())
        #expect(try await client.send(HTTPRequest(method: .get, url: serviceURL)).status == 401)
        #expect(transport.requests.count == 1)
        #expect(transport.requests[0].headers["x-api-key"] == "k")
    }
}
