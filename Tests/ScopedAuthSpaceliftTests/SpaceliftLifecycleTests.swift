import Foundation
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// The surface every client shares, on both kinds of Spacelift client.
@Suite struct SpaceliftLifecycleTests {
    let fixture = SpaceliftFixture()

    @Test func aStaticTokenClientRefusesOperationsAfterShutdown() async throws {
        let token = makeJWT(expiresIn: 3_600, now: fixture.clock.wallClockNow,
                            audience: fixture.emulator.spacelift.accountURL)
        let client = try fixture.staticClient(token: token, endpoint: fixture.endpoint)
        #expect(client.baseURL == fixture.endpoint)
        var events = 0
        for await _ in client.events() { events += 1 }
        #expect(events == 0)
        await client.shutdown()
        let before = fixture.emulator.requests(to: .spacelift).count
        let error = await #expect(throws: AuthError.self) { try await client.stacks() }
        #expect(error?.kind == .shutdown)
        await #expect(throws: AuthError.self) { try await client.currentToken() }
        #expect(fixture.emulator.requests(to: .spacelift).count == before)
    }

    @Test func aSessionClientStreamsItsEventsAndStopsAtShutdown() async throws {
        let client = try fixture.client()
        let events = client.events(bufferSize: 100)
        _ = try await client.stacks()
        await client.shutdown()
        var kinds: [String] = []
        for await event in events { kinds.append("\(event)") }
        #expect(!kinds.isEmpty)
        let error = await #expect(throws: AuthError.self) { try await client.stacks() }
        #expect(error?.kind == .shutdown)
    }
}
