import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// The HTTP server itself: one origin per port, the emulator's own `Date`, ports taken and released.
@Suite("EmulatorServer", .timeLimit(.minutes(1)))
struct EmulatorServerTests {
    @Test("Each service answers on its own port, and requests are logged under that service")
    func oneOriginPerPort() async throws {
        try await withEmulatorServer { server in
            #expect(server.origins.masvStorage.port == server.portBase + 1)
            #expect(server.origins.metaKraftwerk.port == server.portBase + 5)
            for (service, baseURL) in server.origins.all {
                _ = try await loopbackTransport().send(HTTPRequest(method: .get, url: baseURL.endpoint("probe?x=1")))
                let logged = server.emulator.requests(to: service)
                #expect(logged.count == 1, "\(service)")
                #expect(logged.first?.url.absoluteString == baseURL.endpoint("probe?x=1").absoluteString)
            }
        }
    }

    @Test("The Date header is the emulator's, so server clock skew reaches the client")
    func emulatorDateHeader() async throws {
        try await withEmulatorServer { server in
            server.emulator.skewServerClock(by: .seconds(-7_200))
            let response = try await loopbackTransport().send(
                HTTPRequest(method: .get, url: server.origins.mudstack.endpoint("accounts")))
            let date = try #require(response.serverDate)
            #expect(abs(date.timeIntervalSinceNow + 7_200) < 60)
        }
    }

    @Test("A taken port base fails to start; after stop() the ports are free again")
    func portsTakenAndReleased() async throws {
        let first = try await EmulatorServer.start()
        let base = first.portBase
        await #expect(throws: (any Error).self) {
            let clash = try await EmulatorServer.start(EmulatorServer.Configuration(portBase: base))
            await clash.stop()
        }
        await first.stop()
        let again = try await EmulatorServer.start(EmulatorServer.Configuration(portBase: base))
        #expect(again.portBase == base)
        await again.stop()
    }

    @Test("Latency from the configuration delays every answer")
    func configuredLatency() async throws {
        try await withEmulatorServer(EmulatorServer.Configuration(latency: .milliseconds(300))) { server in
            let started = ContinuousClock.now
            _ = try await loopbackTransport().send(
                HTTPRequest(method: .get, url: server.origins.spacelift.endpoint("graphql")))
            #expect(ContinuousClock.now - started >= .milliseconds(300))
        }
    }
}
