import Foundation
import ScopedAuth
import ScopedAuthMassdriver
import ScopedAuthTesting
import Testing

@Suite("Massdriver server and concurrency")
struct MassdriverServerTests {
    let harness = MassdriverHarness()

    @Test func serverFromACredentialLessClient() async throws {
        let server = try await harness.client(MassdriverNoCredential()).server()
        #expect(server.mode == .managed)
        #expect(server.version == "1.42.0")
        #expect(server.appURL == "https://app.massdriver.cloud")
        let request = try #require(harness.requests.last)
        #expect(!request.headers.containsSensitive)
    }

    @Test func serverIsSentWithoutCredentialsEvenByAnAuthenticatedClient() async throws {
        let key = legacyAPIKey(harness.emulator.massdriver.seededServiceAccount.secret)
        _ = try await harness.client(harness.serviceAccount).server()
        _ = try await harness.client(harness.accessToken).server()
        _ = try await harness.client(key).server()
        _ = try await harness.client(MassdriverNoCredential(), apiVersion: .v2).server()
        #expect(harness.requests.count == 4)
        for request in harness.requests {
            #expect(request.headers["Authorization"] == nil)
            #expect(request.headers["x-md-api-key"] == nil)
        }
        #expect(harness.requests.map(\.url.path) == ["/api/v1", "/api/v2", "/api/v1", "/api/v2"])
    }

    @Test func serverWorksAfterTheAccessTokenExpired() async throws {
        let (token, expiresAt) = harness.emulator.massdriver.issueAccessToken(expiresIn: .seconds(10))
        let client = harness.client(MassdriverAccessToken(token, expiresAt: expiresAt))
        harness.clock.advance(by: .seconds(11))
        #expect(try await client.server().mode == .managed)
        #expect(await authError { _ = try await client.viewer() }?.kind == .tokenExpired)
        #expect(harness.requests.count == 1)
    }

    @Test func thousandsOfConcurrentViewersAllSucceed() async throws {
        let client = harness.client(harness.accessToken)
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<2_000 { group.addTask { try await client.viewer().id } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids == [harness.emulator.massdriver.seededServiceAccount.id])
        #expect(harness.emulator.counters.requests(.massdriver) == 2_000)
    }

    @Test func thousandsOfConcurrentCallsFailFastOnceTheTokenExpires() async throws {
        let client = harness.client(harness.accessToken)
        harness.clock.advance(by: MassdriverEmulator.defaultAccessTokenLifetime)
        let kinds = await withTaskGroup(of: AuthError.Kind?.self) { group in
            for _ in 0..<2_000 {
                group.addTask {
                    do {
                        _ = try await client.viewer()
                        return nil
                    } catch {
                        return (error as? AuthError)?.kind
                    }
                }
            }
            return await group.reduce(into: [AuthError.Kind?]()) { $0.append($1) }
        }
        #expect(kinds.count == 2_000)
        #expect(kinds.allSatisfy { $0 == .tokenExpired })
        #expect(harness.requests.isEmpty)
    }
}
