import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthMassdriver
import ScopedAuthTesting
import Testing

/// The Massdriver client with the real `URLSessionTransport` against the emulator over loopback HTTP.
///
/// Massdriver has no token exchange (service-account secrets go as `Basic`, `md_` access tokens as `Bearer`), so
/// "refresh" here means an access token past its `expiresAt` fails fast, and a rejection is final: never replayed.
@Suite("Massdriver over loopback HTTP", .timeLimit(.minutes(1)))
struct MassdriverOverHTTPTests {
    @Test("A service-account secret authenticates on /api/v1 and pages through projects")
    func serviceAccount() async throws {
        try await withEmulatorServer { server in
            let account = server.emulator.massdriver.seededServiceAccount
            let client = MassdriverClient(
                credential: MassdriverServiceAccountSecret(organizationID: account.organizationID, secret: account.secret),
                baseURL: server.origins.massdriver, transport: loopbackTransport(), retryPolicy: .none)
            let viewer = try await client.viewer()
            #expect(viewer.id == account.id)
            var projectIDs: [String] = []
            for try await project in client.projects(organizationID: account.organizationID, pageSize: 10) {
                projectIDs.append(project.id)
            }
            let expected = server.emulator.massdriver.projects.filter { $0.organizationID == account.organizationID }
            #expect(projectIDs.count == expected.count, "every page once, no project twice")
            #expect(Set(projectIDs) == Set(expected.map(\.id)), "only the organization's own projects")
        }
    }

    @Test("An md_ access token authenticates on /api/v2 and fails fast, with no request, past its expiresAt")
    func accessTokenExpiry() async throws {
        let clock = ManualClock(wallClock: Date())
        try await withEmulatorServer(EmulatorServer.Configuration(clock: clock)) { server in
            let issued = server.emulator.massdriver.issueAccessToken(expiresIn: .seconds(600))
            let client = MassdriverClient(
                credential: MassdriverAccessToken(issued.token, expiresAt: issued.expiresAt),
                baseURL: server.origins.massdriver, transport: loopbackTransport(), clock: clock, retryPolicy: .none)
            let viewer = try await client.viewer()
            #expect(viewer.id == server.emulator.massdriver.seededServiceAccount.id)
            let requestsBefore = server.emulator.counters.requests(.massdriver)

            clock.advance(by: .seconds(601))
            await #expect {
                _ = try await client.viewer()
            } throws: { error in
                (error as? AuthError)?.kind == .tokenExpired
            }
            #expect(server.emulator.counters.requests(.massdriver) == requestsBefore)
        }
    }

    @Test("A revoked access token is a typed error after exactly one request: a static token is not replayed")
    func revokedTokenNotReplayed() async throws {
        try await withEmulatorServer { server in
            let issued = server.emulator.massdriver.issueAccessToken()
            server.emulator.massdriver.revokeAccessToken(issued.token)
            let client = MassdriverClient(
                credential: MassdriverAccessToken(issued.token, expiresAt: issued.expiresAt),
                baseURL: server.origins.massdriver, transport: loopbackTransport(), retryPolicy: .none)
            await #expect(throws: (any Error).self) {
                _ = try await client.viewer()
            }
            #expect(server.emulator.counters.requests(.massdriver) == 1)
        }
    }
}
