import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("Emulator routing, Date header and general checks")
struct EmulatorRoutingTests {
    let clock = ManualClock()
    let emulator: Emulator
    var graphQLURL: URL { emulator.origins.spacelift.at("/graphql") }

    init() {
        emulator = Emulator(clock: clock)
    }

    func anonymousStacks() -> HTTPRequest {
        Raw.graphQL(graphQLURL, "{ stacks { id } }")
    }

    @Test func routesEachRequestToTheServiceAtItsOrigin() async throws {
        let spacelift = try await emulator.transport.send(anonymousStacks())
        #expect(Raw.canonical(spacelift) == #"{"data":{"stacks":[]}}"#)
        let massdriver = try await emulator.transport.send(
            Raw.graphQL(emulator.origins.massdriver.at("/api/v1"), "{ server { mode } }")
        )
        #expect(massdriver.status == 200)
        #expect(emulator.counters.requests(.spacelift) == 1)
        #expect(emulator.counters.requests(.spacelift, method: "POST", path: "/graphql") == 1)
        #expect(emulator.counters.requests(.massdriver, method: "post", path: "/api/v1") == 1)
    }

    @Test(arguments: [
        "https://unknown.example.com/graphql",
        "http://example.app.spacelift.io/graphql",  // same host, other scheme
        "https://example.app.spacelift.io:8443/graphql",  // same host, other port
    ])
    func anUnknownOriginThrowsUnknownHost(url: String) async throws {
        let request = Raw.graphQL(try #require(URL(string: url)), "{ stacks { id } }")
        let error = await #expect(throws: EmulatorTransportError.self) {
            try await emulator.transport.send(request)
        }
        #expect(error?.isUnknownHost == true)
        #expect(emulator.counters.requests(.spacelift) == 0)
    }

    @Test func theSameOriginWithAnExplicitDefaultPortIsRouted() async throws {
        let url = try #require(URL(string: "https://EXAMPLE.app.spacelift.io:443/graphql"))
        let response = try await emulator.transport.send(Raw.graphQL(url, "{ stacks { id } }"))
        #expect(response.status == 200)
    }

    @Test func loopbackOriginsRouteByPort() async throws {
        let loopback = Emulator(clock: clock, origins: .loopback(portBase: 9000))
        let spacelift = try #require(URL(string: "http://127.0.0.1:9002/graphql"))
        #expect(try await loopback.transport.send(Raw.graphQL(spacelift, "{ stacks { id } }")).status == 200)
        let massdriver = try #require(URL(string: "http://127.0.0.1:9003/api/v1"))
        #expect(try await loopback.transport.send(Raw.graphQL(massdriver, "{ server { mode } }")).status == 200)
        let production = Raw.graphQL(emulator.origins.spacelift.at("/graphql"), "{ stacks { id } }")
        await #expect(throws: EmulatorTransportError.self) { try await loopback.transport.send(production) }
    }

    @Test func everyResponseCarriesTheServerDate() async throws {
        let first = try await emulator.transport.send(anonymousStacks())
        #expect(first.headers["Date"] == "Thu, 01 Jan 2026 00:00:00 GMT")
        #expect(first.serverDate == clock.wallClockNow)
        clock.advance(by: .seconds(125))
        let second = try await emulator.transport.send(anonymousStacks())
        #expect(second.headers["Date"] == "Thu, 01 Jan 2026 00:02:05 GMT")
        let notFound = try await emulator.transport.send(HTTPRequest(method: .get, url: graphQLURL.at("/nope")))
        #expect(notFound.status == 404)
        #expect(notFound.headers["Date"] == "Thu, 01 Jan 2026 00:02:05 GMT")
    }

    @Test func serverClockSkewShowsInTheDateHeader() async throws {
        emulator.skewServerClock(by: .seconds(-90))
        emulator.skewServerClock(by: .seconds(-10))
        let response = try await emulator.transport.send(anonymousStacks())
        #expect(response.serverDate == clock.wallClockNow.addingTimeInterval(-100))
        #expect(emulator.serverNow == clock.wallClockNow.addingTimeInterval(-100))
    }

    @Test func aBodyOver16MiBIsRefusedWith400InTheServiceShape() async throws {
        var request = anonymousStacks()
        request.body = Data(repeating: 0x20, count: Emulator.maximumJSONBodySize + 1)
        let response = try await emulator.transport.send(request)
        #expect(response.status == 400)
        let body = try Raw.json(response)
        let errors = try #require(body["errors"] as? [[String: Any]])
        #expect((errors.first?["message"] as? String)?.contains("exceeds") == true)
        #expect(body["data"] is NSNull)
    }

    @Test func aBodyOfExactly16MiBPassesTheSizeCheck() async throws {
        // Valid JSON padded with whitespace to the limit: the service itself answers.
        var body = Data(#"{"query":"{ stacks { id } }"}"#.utf8)
        body.append(Data(repeating: 0x20, count: Emulator.maximumJSONBodySize - body.count))
        var request = anonymousStacks()
        request.body = body
        let response = try await emulator.transport.send(request)
        #expect(response.status == 200)
        #expect(Raw.canonical(response) == #"{"data":{"stacks":[]}}"#)
    }

    @Test(arguments: [nil, "text/plain", "application/x-www-form-urlencoded"])
    func aPostWithoutJSONContentTypeIsRefusedWith400(contentType: String?) async throws {
        var request = anonymousStacks()
        request.headers["Content-Type"] = contentType
        let response = try await emulator.transport.send(request)
        #expect(response.status == 400)
        let errors = try #require(try Raw.json(response)["errors"] as? [[String: Any]])
        #expect((errors.first?["message"] as? String)?.contains("Content-Type") == true)
    }

    @Test func aJSONContentTypeWithParametersIsAccepted() async throws {
        var request = anonymousStacks()
        request.headers["Content-Type"] = "application/json; charset=utf-8"
        let response = try await emulator.transport.send(request)
        #expect(response.status == 200)
    }

    @Test func aGetNeedsNoContentType() async throws {
        let response = try await emulator.transport.send(HTTPRequest(method: .get, url: graphQLURL))
        #expect(response.status == 405)  // the service's own answer, not the general 400
    }

    @Test func theRequestLogKeepsWhatEachServiceReceived() async throws {
        _ = try await emulator.transport.send(Raw.graphQL(graphQLURL, "{ viewer { id } }", bearer: "not-a-token"))
        _ = try await emulator.transport.send(anonymousStacks())
        let logged = emulator.requests(to: .spacelift)
        #expect(logged.count == 2)
        #expect(logged.first?.headers["Authorization"] == "Bearer not-a-token")
        #expect(logged.first?.headers.containsSensitive == true)
        #expect(logged.last?.headers.containsSensitive == false)
        #expect(emulator.requests(to: .massdriver).isEmpty)
    }

    @Test func theRequestLogIsBounded() {
        let log = EmulatorRequestLog(capacity: 3)
        for index in 0..<10 {
            let url = URL(string: "https://example.com/\(index)") ?? URL(fileURLWithPath: "/")
            log.record(HTTPRequest(method: .get, url: url), to: .spacelift)
        }
        #expect(log.requests(to: .spacelift).map(\.url.lastPathComponent) == ["7", "8", "9"])
    }

    @Test func a401AnswerIsCountedAsUnauthorized() async throws {
        emulator.faults.inject(.status(401), on: .spacelift)
        let response = try await emulator.transport.send(anonymousStacks())
        #expect(response.status == 401)
        #expect(emulator.counters.unauthorized(.spacelift) == 1)
        _ = try await emulator.transport.send(anonymousStacks())
        #expect(emulator.counters.unauthorized(.spacelift) == 1)
    }
}
