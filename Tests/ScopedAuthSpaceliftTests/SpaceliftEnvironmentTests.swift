import Foundation
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// Credentials from spacectl's environment variables.
@Suite struct SpaceliftEnvironmentTests {
    let fixture = SpaceliftFixture()

    @Test func anAPIKeyFromTheEnvironmentWorks() async throws {
        let environment = SpaceliftEnvironment([
            "SPACELIFT_API_KEY_ENDPOINT": fixture.endpoint.absoluteString,
            "SPACELIFT_API_KEY_ID": fixture.key.id,
            "SPACELIFT_API_KEY_SECRET": fixture.key.secret.revealed,
        ])
        let client = try SpaceliftClient(apiKeyFrom: environment, transport: fixture.emulator.transport,
                                         clock: fixture.clock)
        #expect(try await client.viewer().id == fixture.key.id)
        var dumped = ""
        dump(environment, to: &dumped)
        #expect(!dumped.contains(fixture.key.secret.revealed))
        #expect(!String(describing: environment).contains(fixture.key.secret.revealed))
    }

    /// `Emulator.seededEnvironment` is what spacectl reads: a client made from it signs in with the seeded key.
    @Test func theEmulatorsSeededEnvironmentMakesAWorkingClient() async throws {
        let environment = SpaceliftEnvironment(fixture.emulator.seededEnvironment)
        let client = try SpaceliftClient(apiKeyFrom: environment, transport: fixture.emulator.transport,
                                         clock: fixture.clock)
        #expect(client.baseURL == fixture.emulator.origins.spacelift)
        #expect(try await client.viewer().id == fixture.emulator.spacelift.seededAPIKey.id)
        #expect(fixture.emulator.counters.exchanges(.spacelift) == 1)
    }

    /// A client made from the environment shares its token through a store like any other: two of them, one
    /// exchange.
    @Test func anAPIKeyFromTheEnvironmentSharesItsTokenThroughAStore() async throws {
        let environment = SpaceliftEnvironment([
            "SPACELIFT_API_KEY_ENDPOINT": fixture.endpoint.absoluteString,
            "SPACELIFT_API_KEY_ID": fixture.key.id,
            "SPACELIFT_API_KEY_SECRET": fixture.key.secret.revealed,
        ])
        let sharing = TokenStoreConfiguration(
            store: InMemoryTokenStore(clock: fixture.clock), keyingKey: Array("keying-key-for-this-test".utf8))
        var tokens: [String] = []
        for _ in 0..<2 {
            let client = try SpaceliftClient(apiKeyFrom: environment, transport: fixture.emulator.transport,
                                             clock: fixture.clock, tokenStore: sharing)
            tokens.append(try await client.currentToken().revealed)
            await client.shutdown()
        }
        #expect(tokens[0] == tokens[1])
        #expect(fixture.emulator.counters.exchanges(.spacelift) == 1)
    }

    @Test func theErrorNamesEveryMissingVariable() {
        do {
            _ = try SpaceliftClient(apiKeyFrom: SpaceliftEnvironment(["SPACELIFT_API_KEY_ID": "01J", "SPACELIFT_API_KEY_SECRET": " "]))
            Issue.record("expected an error")
        } catch let error as SpaceliftEnvironmentError {
            #expect(error.missingVariables == ["SPACELIFT_API_KEY_ENDPOINT", "SPACELIFT_API_KEY_SECRET"])
            #expect(String(describing: error).contains("SPACELIFT_API_KEY_ENDPOINT, SPACELIFT_API_KEY_SECRET"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: SpaceliftEnvironmentError(missingVariables: ["SPACELIFT_API_TOKEN"])) {
            try SpaceliftClient(tokenFrom: SpaceliftEnvironment([:]))
        }
        #expect(throws: SpaceliftEnvironmentError(invalidVariables: ["SPACELIFT_API_KEY_ENDPOINT"])) {
            try SpaceliftClient(apiKeyFrom: SpaceliftEnvironment([
                "SPACELIFT_API_KEY_ENDPOINT": "not a url", "SPACELIFT_API_KEY_ID": "01J",
                "SPACELIFT_API_KEY_SECRET": sentinelSecret,
            ]))
        }
    }

    @Test func aStaticTokenFromTheEnvironmentTakesItsEndpointFromTheAudience() async throws {
        let token = try await fixture.client().currentToken().revealed
        let client = try SpaceliftClient(tokenFrom: SpaceliftEnvironment(["SPACELIFT_API_TOKEN": token]),
                                         transport: fixture.emulator.transport, clock: fixture.clock)
        #expect(client.baseURL.absoluteString == fixture.emulator.spacelift.accountURL)
        #expect(try await client.viewer().id == fixture.key.id)
    }
}
