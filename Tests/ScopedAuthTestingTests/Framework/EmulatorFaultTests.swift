import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("Fault injection")
struct EmulatorFaultTests {
    let clock = ManualClock()
    let emulator: Emulator
    var graphQLURL: URL { emulator.origins.spacelift.at("/graphql") }
    let normalBody = #"{"data":{"stacks":[]}}"#

    init() {
        emulator = Emulator(clock: clock)
    }

    func anonymousStacks() -> HTTPRequest {
        Raw.graphQL(graphQLURL, "{ stacks { id } }")
    }

    func send(_ request: HTTPRequest? = nil) async throws -> HTTPResponse {
        try await emulator.transport.send(request ?? anonymousStacks())
    }

    @Test func aStatusFaultAnswersTheNextNCallsInTheServiceErrorShape() async throws {
        emulator.faults.inject(.status(503), on: .spacelift, path: "/graphql", times: 2)
        for _ in 0..<2 {
            let response = try await send()
            #expect(response.status == 503)
            #expect(response.headers["Date"] != nil)
            let body = try Raw.json(response)
            let errors = try #require(body["errors"] as? [[String: Any]])
            #expect(errors.first?["message"] is String)
            #expect(body["data"] is NSNull)
        }
        let third = try await send()
        #expect(third.status == 200)
        #expect(Raw.canonical(third) == normalBody)
        #expect(emulator.faults.pending(on: .spacelift) == 0)
    }

    @Test func aStatusFaultDoesNotReachTheService() async throws {
        emulator.faults.inject(.status(500), on: .spacelift)
        let key = emulator.spacelift.seededAPIKey
        let response = try await send(
            Raw.graphQL(
                graphQLURL, "mutation($id: ID!, $secret: String!) { apiKeyUser(id: $id, secret: $secret) { jwt } }",
                variables: ["id": key.id, "secret": key.secret.revealed]))
        #expect(response.status == 500)
        #expect(emulator.spacelift.exchangeAttempts(keyID: key.id) == 0)
        #expect(emulator.counters.exchanges(.spacelift) == 0)
    }

    @Test func faultsMatchOnlyTheirServiceMethodAndPath() async throws {
        emulator.faults.inject(.status(503), on: .massdriver)
        emulator.faults.inject(.status(502), on: .spacelift, path: "/graph")  // not a path segment prefix
        emulator.faults.inject(.status(504), on: .spacelift, method: .get)
        #expect(try await send().status == 200)
        #expect(emulator.faults.pending(on: .spacelift) == 2)
        let get = try await send(HTTPRequest(method: .get, url: graphQLURL))
        #expect(get.status == 504)
        #expect(emulator.faults.pending(on: .spacelift) == 1)
    }

    @Test func aPathFaultMatchesPathsBelowIt() async throws {
        emulator.faults.inject(.status(503), on: .massdriver, path: "/api")
        let response = try await send(Raw.graphQL(emulator.origins.massdriver.at("/api/v2"), "{ server { mode } }"))
        #expect(response.status == 503)
        let errors = try #require(try Raw.json(response)["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] != nil)
    }

    @Test func rateLimitingAnswers429WithRetryAfterSeconds() async throws {
        emulator.faults.inject(.rateLimited(retryAfter: 2), on: .spacelift)
        let response = try await send()
        #expect(response.status == 429)
        #expect(response.headers["Retry-After"] == "2")
        #expect(response.retryAfter(now: clock.wallClockNow) == .seconds(2))
        #expect(try Raw.json(response)["errors"] is [[String: Any]])
        #expect(try await send().status == 200)
    }

    @Test func aDroppedConnectionThrowsAfterTheServiceProcessedTheRequest() async throws {
        emulator.faults.inject(.dropConnection, on: .spacelift)
        let key = emulator.spacelift.seededAPIKey
        let exchange = Raw.graphQL(
            graphQLURL, "mutation($id: ID!, $secret: String!) { apiKeyUser(id: $id, secret: $secret) { jwt } }",
            variables: ["id": key.id, "secret": key.secret.revealed])
        await #expect(throws: EmulatorTransportError.connectionDropped) {
            try await send(exchange)
        }
        #expect(emulator.counters.exchanges(.spacelift, credential: key.id) == 1)
        #expect(emulator.counters.requests(.spacelift) == 1)
        #expect(try await send(exchange).status == 200)
    }

    @Test func aTruncatedBodyIsTheFirstHalfOfTheRealOne() async throws {
        emulator.faults.inject(.truncateBody, on: .spacelift)
        let truncated = try await send()
        #expect(truncated.status == 200)
        let full = Data(normalBody.utf8)
        #expect(truncated.body == full.prefix(full.count / 2))
        #expect((try? JSONSerialization.jsonObject(with: truncated.body)) == nil)
    }

    @Test func aMalformedBodyIsNotJSON() async throws {
        emulator.faults.inject(.malformedBody, on: .spacelift, times: 3)
        for _ in 0..<3 {
            let response = try await send()
            #expect(response.status == 200)
            #expect(!response.body.isEmpty)
            #expect((try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])) == nil)
        }
        #expect(Raw.canonical(try await send()) == normalBody)
    }

    @Test func aPersistentFaultLastsUntilCleared() async throws {
        emulator.faults.injectPersistently(.status(500), on: .spacelift)
        for _ in 0..<5 { #expect(try await send().status == 500) }
        #expect(emulator.faults.pending(on: .spacelift) == 1)
        emulator.faults.clear()
        #expect(try await send().status == 200)
    }

    @Test func clearingOneServiceKeepsTheOthersFaults() async throws {
        emulator.faults.injectPersistently(.status(500), on: .spacelift)
        emulator.faults.injectPersistently(.status(500), on: .massdriver)
        emulator.faults.clear(on: .spacelift)
        #expect(emulator.faults.pending(on: .spacelift) == 0)
        #expect(emulator.faults.pending(on: .massdriver) == 1)
    }

    @Test func aNonPositiveCountInjectsNothing() {
        emulator.faults.inject(.status(500), on: .spacelift, times: 0)
        #expect(emulator.faults.pending(on: .spacelift) == 0)
    }

    @Test func latencyIsSleptOnTheEmulatorClock() async throws {
        emulator.faults.inject(.latency(.milliseconds(20)), on: .spacelift)
        emulator.faults.inject(.latency(.milliseconds(30)), on: .spacelift)
        let started = clock.now
        let call = Task { try await send() }
        await clock.waitForSleepers(count: 1)
        #expect(clock.nextDeadline == started + .milliseconds(50))
        clock.advance(by: .milliseconds(49))
        #expect(clock.sleeperCount == 1)  // still waiting: the call has not finished
        clock.advance(by: .milliseconds(1))
        let response = try await call.value
        #expect(response.status == 200)
        #expect(response.headers["Date"] == HTTPDate.format(clock.wallClockNow))
        #expect(clock.now == started + .milliseconds(50))
    }

    @Test func cancellingDuringLatencyThrowsCancellation() async throws {
        emulator.faults.inject(.latency(.seconds(5)), on: .spacelift)
        let call = Task { try await send() }
        await clock.waitForSleepers(count: 1)
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
    }

    @Test func faultsCombine() async throws {
        emulator.faults.inject(.latency(.seconds(1)), on: .spacelift)
        emulator.faults.inject(.rateLimited(retryAfter: 7), on: .spacelift)
        let call = Task { try await send() }
        await clock.waitForSleepers(count: 1)
        clock.advance(by: .seconds(1))
        let response = try await call.value
        #expect(response.status == 429)
        #expect(response.headers["Retry-After"] == "7")
    }
}
