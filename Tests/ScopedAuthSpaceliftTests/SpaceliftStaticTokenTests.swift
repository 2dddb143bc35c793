import Foundation
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// Static bearer tokens (as `spacectl profile export-token` prints them): no exchange, no replay, fail fast.
@Suite struct SpaceliftStaticTokenTests {
    let fixture = SpaceliftFixture()

    /// A real token minted by the emulator, through a session client.
    func exportedToken() async throws -> String {
        try await fixture.client().currentToken().revealed
    }

    @Test func anExpiredStaticTokenFailsFastWithoutAnyRequest() async throws {
        let token = makeJWT(expiresIn: -10, now: fixture.clock.wallClockNow,
                            audience: fixture.emulator.spacelift.accountURL)
        let client = try fixture.staticClient(token: token)
        await expectAuthError(.tokenExpired) { try await client.stacks() }
        await expectAuthError(.tokenExpired) { try await client.currentToken() }
        #expect(fixture.emulator.counters.requests(.spacelift) == 0)
        #expect(fixture.emulator.counters.exchanges(.spacelift) == 0)
    }

    @Test func aStaticTokenWithinThirtySecondsOfExpiryIsNotSent() async throws {
        let token = makeJWT(expiresIn: 20, now: fixture.clock.wallClockNow,
                            audience: fixture.emulator.spacelift.accountURL)
        let client = try fixture.staticClient(token: token)
        await expectAuthError(.tokenExpired) { try await client.viewer() }
        #expect(fixture.emulator.counters.requests(.spacelift) == 0)
    }

    @Test func anExportedTokenWorksUntilItsExpiryWithTheEndpointFromItsAudience() async throws {
        let token = try await exportedToken()
        let before = fixture.emulator.counters.requests(.spacelift)
        let client = try fixture.staticClient(token: token)
        #expect(client.baseURL.absoluteString == fixture.emulator.spacelift.accountURL)
        #expect(try await client.stacks().count == 2)
        #expect(try await client.currentToken().revealed == token)
        fixture.clock.advance(by: .seconds(3600 - 29))
        await expectAuthError(.tokenExpired) { try await client.stacks() }
        #expect(fixture.emulator.counters.requests(.spacelift) == before + 1)
        #expect(fixture.emulator.counters.exchanges(.spacelift) == 1)
    }

    @Test func aRejectedStaticTokenIsNotReplayed() async throws {
        let client = try fixture.staticClient(token: try await exportedToken())
        fixture.emulator.spacelift.revokeIssuedTokens()
        let before = fixture.emulator.counters.requests(.spacelift)
        let error = await expectAuthError(.tokenRejected) { try await client.viewer() }
        #expect(error?.serviceMessage == "unauthorized")
        #expect(fixture.emulator.counters.requests(.spacelift) == before + 1)
        #expect(fixture.emulator.counters.exchanges(.spacelift) == 1)
    }

    @Test func aTokenThatIsNotAJWTOrHasNoAudienceIsRefusedAtOnce() async throws {
        #expect(throws: AuthError.self) { try fixture.staticClient(token: sentinelSecret) }
        let noAudience = makeJWT(expiresIn: 600, now: fixture.clock.wallClockNow, audience: nil)
        do {
            _ = try fixture.staticClient(token: noAudience)
            Issue.record("expected an error")
        } catch let error as AuthError {
            #expect(error.kind == .invalidCredentials)
            #expect(!String(describing: error).contains(noAudience))
        }
        let client = try fixture.staticClient(token: noAudience, endpoint: fixture.endpoint)
        #expect(client.baseURL == fixture.endpoint)
    }

    /// RFC 7519 allows `aud` as one string or a list; the endpoint comes from it only when it names exactly one URL.
    @Test(arguments: [("\"https://acme.app.spacelift.io\"", true), ("[\"https://acme.app.spacelift.io\"]", true),
                      ("[\"https://acme.app.spacelift.io\",\"https://other.app.spacelift.io\"]", false),
                      ("\"not a url\"", false), ("[\"https://acme.app.spacelift.io\",7]", false), ("{}", false)])
    func theEndpointComesFromAnAudienceNamingOneURL(audience: String, usable: Bool) throws {
        let token = makeJWT(expiresIn: 600, now: fixture.clock.wallClockNow, audienceJSON: audience)
        if usable {
            #expect(try fixture.staticClient(token: token).baseURL.absoluteString == "https://acme.app.spacelift.io")
        } else {
            #expect { try fixture.staticClient(token: token) } throws: { ($0 as? AuthError)?.kind == .invalidCredentials }
        }
    }

    @Test func aStaticClientPrintsNoToken() async throws {
        let token = makeJWT(expiresIn: 600, now: fixture.clock.wallClockNow,
                            audience: fixture.emulator.spacelift.accountURL)
        let client = try fixture.staticClient(token: token)
        var dumped = ""
        dump(client, to: &dumped)
        for text in [String(describing: client), dumped, String(describing: client.tokenSource)] {
            #expect(!text.contains(token))
            #expect(!text.contains(sentinelSecret))
        }
    }
}
