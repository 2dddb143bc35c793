import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// The Spacelift client with the real `URLSessionTransport` against the emulator over loopback HTTP.
@Suite("Spacelift over loopback HTTP", .timeLimit(.minutes(1)))
struct SpaceliftOverHTTPTests {
    private func client(
        _ server: EmulatorServer, clock: any AuthClock = SystemAuthClock()
    ) throws -> SpaceliftClient<TokenSession> {
        try SpaceliftClient(
            credential: .apiKey(server.emulator.spacelift.seededAPIKey), baseURL: server.origins.spacelift,
            transport: loopbackTransport(), clock: clock, retryPolicy: .none)
    }

    @Test("An API key is exchanged once and the JWT reads the viewer and the stacks")
    func authenticates() async throws {
        try await withEmulatorServer { server in
            let client = try client(server)
            let viewer = try await client.viewer()
            #expect(viewer.id == server.emulator.spacelift.seededAPIKey.id)
            #expect(try await client.stacks().map(\.id) == server.emulator.spacelift.stacks.map(\.id))
            #expect(server.emulator.counters.exchanges(.spacelift) == 1)
            await client.shutdown()
        }
    }

    @Test("A wrong secret is a typed invalid-credentials error")
    func wrongSecret() async throws {
        try await withEmulatorServer { server in
            var key = server.emulator.spacelift.seededAPIKey
            key.secret = Secret("not-the-secret")
            let client = try SpaceliftClient(
                credential: .apiKey(key), baseURL: server.origins.spacelift, transport: loopbackTransport(), retryPolicy: .none)
            await #expect {
                _ = try await client.viewer()
            } throws: { error in
                (error as? AuthError)?.kind == .invalidCredentials
            }
        }
    }

    @Test("Across the token's validUntil the client exchanges again before sending")
    func refreshAcrossExpiry() async throws {
        let clock = ManualClock(wallClock: Date())
        try await withEmulatorServer(EmulatorServer.Configuration(clock: clock)) { server in
            let client = try client(server, clock: clock)
            let first = try await client.currentToken()
            clock.advance(by: .seconds(3_601))
            #expect(try await client.stacks().count == server.emulator.spacelift.stacks.count)
            #expect(server.emulator.counters.exchanges(.spacelift) == 2)
            #expect(try await client.currentToken() != first)
            await client.shutdown()
        }
    }

    @Test("Tokens revoked on the server are answered 'unauthorized' and replayed once with a new token")
    func unauthorisedReplay() async throws {
        try await withEmulatorServer { server in
            let client = try client(server)
            _ = try await client.viewer()
            server.emulator.spacelift.revokeIssuedTokens()
            let viewer = try await client.viewer()
            #expect(viewer.id == server.emulator.spacelift.seededAPIKey.id)
            #expect(server.emulator.counters.exchanges(.spacelift) == 2)
            await client.shutdown()
        }
    }
}
