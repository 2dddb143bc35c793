import Foundation
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting
import Testing

/// The surface every client shares: `productionBaseURL`, `events(bufferSize:)` on the client, `shutdown()`.
@Suite struct MudstackLifecycleTests {
    @Test func theClientStreamsItsSessionsEventsUntilShutdown() async throws {
        let fixture = MudstackFixture()
        let events = fixture.client.events(bufferSize: 100)
        _ = try await fixture.client.account.workspaces()
        await fixture.client.shutdown()
        var count = 0
        for await _ in events { count += 1 }
        #expect(count > 0)
        let error = await #expect(throws: AuthError.self) { try await fixture.client.account.workspaces() }
        #expect(error?.kind == .shutdown)
    }

    @Test func theProductionBaseURLIsTheDefault() {
        let client = MudstackClient(credential: KeyAndSecret(id: "k", secret: Secret("s")), accountID: "a")
        #expect(client.baseURL == MudstackClient.productionBaseURL)
        #expect(MudstackClient.productionBaseURL.absoluteString == "https://api.mudstack.com")
    }
}
