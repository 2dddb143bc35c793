import Configuration
import Foundation
import InMemoryLogging
import Logging
import ScopedAuth
import ScopedAuthAsyncHTTPClient
import ScopedAuthConfiguration
import ScopedAuthMASV
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthServiceLifecycle
import ScopedAuthSpacelift
import ScopedAuthTesting
import ServiceLifecycle
import Synchronization
import Testing

/// Clients built from swift-configuration (environment variables, as the CLI reads them) and run as services.
@Suite("Lifecycle and configuration over loopback HTTP", .timeLimit(.minutes(1)))
struct LifecycleAndConfigurationTests {
    /// The environment a deployment would set for all five services, pointing at the emulator (MASV with a user's
    /// email and password, not its API key).
    private static func environment(_ server: LoopbackEmulator) -> [String: String] {
        server.emulator.seededEnvironment.filter { $0.key != "MASV_API_KEY" }
    }

    @Test("All five clients built from the vendors' environment variables authenticate; their services shut them down")
    func allFiveFromEnvironment() async throws {
        let server = try await LoopbackEmulator.start()
        let transport = AsyncHTTPClientTransport()
        let config = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: Self.environment(server)))

        let masv = try MASVClient(config: config, transport: transport)
        let spacelift = try SpaceliftClient(config: config, transport: transport)
        let massdriver = try MassdriverClient(config: config, transport: transport)
        let mudstack = try MudstackClient(config: config, transport: transport)
        let metaKraftwerk = try MetaKraftwerkClient(config: config, transport: transport)

        _ = try await masv.teams()
        _ = try await spacelift.currentToken()
        _ = try await massdriver.viewer()
        _ = try await mudstack.account.accounts()
        _ = try await metaKraftwerk.projects()
        #expect(server.emulator.counters.exchanges(.masv) == 1)
        #expect(server.emulator.counters.exchanges(.spacelift) == 1)
        #expect(server.emulator.counters.exchanges(.mudstack) == 1)
        #expect(server.emulator.counters.exchanges(.metaKraftwerk) == 1)

        let transportClosed = ShutdownFlag()
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "auth") { _ in handler }
        let services: [any Service] = [
            ScopedAuthClientService(masv), ScopedAuthClientService(spacelift), ScopedAuthClientService(massdriver),
            ScopedAuthClientService(mudstack, logger: logger),
            ScopedAuthClientService(metaKraftwerk) {
                try? await transport.shutdown()
                transportClosed.set()
            },
        ]
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [], logger: Logger(label: "test"))
        let running = Task { try await group.run() }
        await group.triggerGracefulShutdown()
        try await running.value

        #expect(transportClosed.isSet)
        // The Mudstack service logged its session's shutdown, labeled, before it returned.
        #expect(handler.entries.contains { entry in
            entry.metadata["scopedauth.event"] == "shutdown" && entry.metadata["scopedauth.service"] == "Mudstack"
        })
        for session in [mudstack.session, metaKraftwerk.session, spacelift.tokenSource] {
            await #expect {
                _ = try await session.token()
            } throws: { error in
                (error as? AuthError)?.kind == .shutdown
            }
        }
        await #expect {
            _ = try await masv.teams()
        } throws: { error in
            (error as? AuthError)?.kind == .shutdown
        }
        await server.stop()
    }

    @Test("SPACELIFT_API_TOKEN makes a SpaceliftClient<StaticToken>: no exchange, endpoint from the key or the aud")
    func spaceliftStaticTokenFromConfiguration() async throws {
        let server = try await LoopbackEmulator.start()
        let transport = AsyncHTTPClientTransport()
        let keyed = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: Self.environment(server)))
        let token = try await SpaceliftClient(config: keyed, transport: transport).currentToken().revealed
        let exchanges = server.emulator.counters.exchanges(.spacelift)

        let config = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: [
            "SPACELIFT_API_TOKEN": token, "SPACELIFT_API_KEY_ENDPOINT": server.origins.spacelift.absoluteString,
        ]))
        let client: SpaceliftClient<StaticToken> = try SpaceliftClient(tokenFrom: config, transport: transport)
        #expect(client.baseURL == server.origins.spacelift)
        #expect(try await client.viewer().id == server.emulator.spacelift.seededAPIKey.id)
        #expect(server.emulator.counters.exchanges(.spacelift) == exchanges)

        // Without an endpoint the token's `aud` names the account.
        let fromAudience = try SpaceliftClient(
            tokenFrom: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: ["SPACELIFT_API_TOKEN": token])),
            transport: transport)
        #expect(fromAudience.baseURL.absoluteString == server.emulator.spacelift.accountURL)
        // The loopback emulator's `aud` is its own origin, so a distinct endpoint shows that the key wins.
        let elsewhere = try #require(URL(string: "https://other-account.app.spacelift.io"))
        let fromKey = try SpaceliftClient(
            tokenFrom: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: [
                "SPACELIFT_API_TOKEN": token, "SPACELIFT_API_KEY_ENDPOINT": elsewhere.absoluteString,
            ])),
            transport: transport)
        #expect(fromKey.baseURL == elsewhere)

        // A missing token is named, and a token that is no JWT is refused without echoing it.
        #expect {
            _ = try SpaceliftClient(tokenFrom: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: [
                "SPACELIFT_API_KEY_ENDPOINT": "not a url",
            ])))
        } throws: { error in
            (error as? AuthError)?.kind == .invalidRequest && "\(error)".contains("spacelift.api.token")
                && "\(error)".contains("spacelift.api.key.endpoint")
        }
        #expect {
            _ = try SpaceliftClient(tokenFrom: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: [
                "SPACELIFT_API_TOKEN": "sentinel-not-a-jwt-3e9a",
            ])))
        } throws: { error in
            (error as? AuthError)?.kind == .invalidCredentials && !"\(error)".contains("sentinel-not-a-jwt-3e9a")
        }
        try await transport.shutdown()
        await server.stop()
    }

    @Test("A missing setting names every missing key, never a value")
    func missingSettings() {
        let config = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: [
            "MUDSTACK_API_SECRET": "sentinel-secret-5d1e",
        ]))
        #expect {
            _ = try MudstackClient(config: config)
        } throws: { error in
            let text = "\(error)"
            return (error as? AuthError)?.kind == .invalidRequest && text.contains("mudstack.account.id")
                && text.contains("mudstack.api.key") && !text.contains("sentinel-secret-5d1e")
        }
        #expect {
            _ = try MASVClient(config: config)
        } throws: { error in
            "\(error)".contains("masv.email") && "\(error)".contains("masv.password")
        }
    }

    @Test("A MASV API key in MASV_API_KEY makes an API-key client without a user session")
    func masvAPIKey() async throws {
        let config = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: ["MASV_API_KEY": "k"]))
        let client = try MASVClient(config: config, transport: EmulatorTransport(Emulator()))
        await #expect {
            _ = try await client.teams()
        } throws: { error in
            (error as? AuthError)?.kind == .invalidRequest
        }
    }
}

/// A flag set once from a service's shutdown hook.
final class ShutdownFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}
