import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// The core's pipeline (`TokenSession` + `HTTPClient.authorized` + `URLSessionTransport`) against the emulator
/// over real loopback HTTP, with Mudstack's token exchange written against the core alone.
@Suite("Core pipeline over loopback HTTP", .timeLimit(.minutes(1)))
struct TokenPipelineOverHTTPTests {
    private func mudstackClient(
        _ server: EmulatorServer, transport: any HTTPTransport, clock: any AuthClock = SystemAuthClock()
    ) -> (client: HTTPClient, session: TokenSession) {
        let mudstack = server.emulator.mudstack
        let exchange = MudstackTestExchange(
            transport: transport, baseURL: server.origins.mudstack,
            accountID: mudstack.seededAccountID, key: mudstack.seededKey)
        let session = TokenSession(exchange: exchange, clock: clock)
        let client = HTTPClient.authorized(
            transport: transport, source: session, origin: HTTPOrigin(server.origins.mudstack)!, clock: clock,
            retryPolicy: .none)
        return (client, session)
    }

    private func accountRequest(_ server: EmulatorServer) -> HTTPRequest {
        HTTPRequest(
            method: .get, url: server.origins.mudstack.endpoint("accounts"),
            headers: ["x-account-id": server.emulator.mudstack.seededAccountID])
    }

    @Test("A raw token exchange over URLSession returns a JWT the account endpoint accepts")
    func rawExchangeThenAuthorizedCall() async throws {
        try await withEmulatorServer { server in
            let transport = loopbackTransport()
            let mudstack = server.emulator.mudstack
            let issued = try await MudstackTestExchange(
                transport: transport, baseURL: server.origins.mudstack,
                accountID: mudstack.seededAccountID, key: mudstack.seededKey
            ).exchange()
            #expect(issued.value.revealed.split(separator: ".").count == 3)
            #expect(issued.serverDate != nil)

            let (client, _) = mudstackClient(server, transport: transport)
            let response = try await client.send(accountRequest(server))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self).contains(mudstack.seededAccountID))
            #expect(server.emulator.counters.exchanges(.mudstack) == 2)
        }
    }

    @Test("Without a token the emulator answers 401 over HTTP, so the authorised call above proves the stamping")
    func unauthorisedWithoutToken() async throws {
        try await withEmulatorServer { server in
            let response = try await loopbackTransport().send(accountRequest(server))
            #expect(response.status == 401)
        }
    }

    @Test("Concurrent requests share one exchange, and a token past its expiry is refreshed once")
    func refreshAcrossExpiry() async throws {
        let clock = ManualClock(wallClock: Date())
        try await withEmulatorServer(EmulatorServer.Configuration(clock: clock)) { server in
            let (client, _) = mudstackClient(server, transport: loopbackTransport(), clock: clock)
            let request = accountRequest(server)
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await client.send(request).status } }
                for try await status in group { #expect(status == 200) }
            }
            #expect(server.emulator.counters.exchanges(.mudstack) == 1)

            clock.advance(by: .seconds(3_601))   // the emulator's one-hour tokens have expired
            #expect(try await client.send(request).status == 200)
            #expect(server.emulator.counters.exchanges(.mudstack) == 2)
            #expect(server.emulator.counters.unauthorized(.mudstack) == 0, "refreshed before use, not after a 401")
        }
    }

    @Test("A 401 for the current token causes one refresh and one replay")
    func unauthorisedReplay() async throws {
        try await withEmulatorServer { server in
            let (client, _) = mudstackClient(server, transport: loopbackTransport())
            #expect(try await client.send(accountRequest(server)).status == 200)
            server.emulator.faults.inject(.status(401), on: .mudstack, path: "/accounts")

            let response = try await client.send(accountRequest(server))
            #expect(response.status == 200)
            #expect(server.emulator.counters.exchanges(.mudstack) == 2)
            #expect(server.emulator.counters.requests(.mudstack, method: "GET", path: "/accounts") == 3)
        }
    }

    @Test("An injected dropped connection reaches the client as a transport error, not a response")
    func droppedConnection() async throws {
        try await withEmulatorServer { server in
            server.emulator.faults.inject(.dropConnection, on: .mudstack)
            await #expect(throws: (any Error).self) {
                try await loopbackTransport().send(accountRequest(server))
            }
            let after = try await loopbackTransport().send(accountRequest(server))
            #expect(after.status == 401, "the server lives on and answers the next request")
        }
    }
}
