import Foundation
import ScopedAuth
import ScopedAuthMassdriver
import ScopedAuthTesting
import Testing

/// The surface every client shares: `baseURL`, `events(bufferSize:)` and `shutdown()`, here on static credentials.
@Suite struct MassdriverLifecycleTests {
    let harness = MassdriverHarness()

    @Test func afterShutdownEveryOperationFailsWithoutARequest() async throws {
        let client = harness.client(harness.serviceAccount)
        #expect(client.baseURL == harness.baseURL)
        _ = try await client.viewer()
        #expect(harness.requests.count == 1)
        await client.shutdown()
        let error = await #expect(throws: AuthError.self) { try await client.viewer() }
        #expect(error?.kind == .shutdown)
        await #expect(throws: AuthError.self) { try await client.server() }
        #expect(harness.requests.count == 1)
    }

    @Test func eventsOfStaticCredentialsEndAtOnce() async {
        var received = 0
        for await _ in harness.client(harness.serviceAccount).events(bufferSize: 10) { received += 1 }
        #expect(received == 0)
    }
}
