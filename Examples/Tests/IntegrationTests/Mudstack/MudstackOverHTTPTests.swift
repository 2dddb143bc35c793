import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting
import Testing

/// The Mudstack client with the real `URLSessionTransport` against the emulator over loopback HTTP.
@Suite("Mudstack over loopback HTTP", .timeLimit(.minutes(1)))
struct MudstackOverHTTPTests {
    private func client(_ server: EmulatorServer, clock: any AuthClock = SystemAuthClock()) -> MudstackClient {
        MudstackClient(
            credential: server.emulator.mudstack.seededKey, accountID: server.emulator.mudstack.seededAccountID,
            baseURL: server.origins.mudstack, transport: loopbackTransport(), clock: clock, retryPolicy: .none)
    }

    @Test("The key is exchanged once; account and workspace scopes read over HTTP")
    func authenticates() async throws {
        try await withEmulatorServer { server in
            let mudstack = server.emulator.mudstack
            let client = client(server)
            #expect(try await client.account.accounts().map(\.id) == [mudstack.seededAccountID])
            let workspace = client.account.workspace(mudstack.seededWorkspaceID)
            let assets = try await workspace.assets(ids: mudstack.seededAssetIDs)
            #expect(Set(assets.map(\.id)) == Set(mudstack.seededAssetIDs))
            #expect(server.emulator.counters.exchanges(.mudstack) == 1)
            await client.shutdown()
        }
    }

    @Test("A workspace of another account is a typed forbidden error")
    func otherAccountsWorkspaceForbidden() async throws {
        try await withEmulatorServer { server in
            let client = client(server)
            await #expect {
                _ = try await client.account.workspace(server.emulator.mudstack.otherWorkspaceID).details()
            } throws: { error in
                (error as? AuthError)?.kind == .forbidden
            }
            await client.shutdown()
        }
    }

    @Test("Across the token's exp the client exchanges again before sending, without a 401")
    func refreshAcrossExpiry() async throws {
        let clock = ManualClock(wallClock: Date())
        try await withEmulatorServer(EmulatorServer.Configuration(clock: clock)) { server in
            let client = client(server, clock: clock)
            _ = try await client.account.workspaces()
            clock.advance(by: .seconds(3_601))
            _ = try await client.account.workspaces()
            #expect(server.emulator.counters.exchanges(.mudstack) == 2)
            #expect(server.emulator.counters.unauthorized(.mudstack) == 0)
            await client.shutdown()
        }
    }

    @Test("A 401 for the current token is refreshed and replayed once")
    func unauthorisedReplay() async throws {
        try await withEmulatorServer { server in
            let client = client(server)
            _ = try await client.account.workspaces()
            server.emulator.faults.inject(.status(401), on: .mudstack, path: "/accounts")
            #expect(try await client.account.workspaces().isEmpty == false)
            #expect(server.emulator.counters.exchanges(.mudstack) == 2)
            await client.shutdown()
        }
    }
}
