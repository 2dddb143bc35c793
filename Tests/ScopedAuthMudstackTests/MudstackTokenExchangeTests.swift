import Foundation
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting
import Testing

@Suite("Mudstack token exchange")
struct MudstackTokenExchangeTests {
    @Test func theFirstCallExchangesTheKeyForABareStringJWTWithAJSONBody() async throws {
        let fixture = MudstackFixture()
        _ = try await fixture.client.account.accounts()

        let exchanges = fixture.requests(path: "/auth/token")
        #expect(exchanges.count == 1)
        let request = try #require(exchanges.first)
        #expect(request.method == .post)
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(!request.headers.contains("Authorization"))
        let body = try #require(request.body)
        let fields = try #require(try JSONSerialization.jsonObject(with: body) as? [String: String])
        #expect(fields == [
            "account_id": fixture.mudstack.seededAccountID,
            "key": fixture.mudstack.seededKey.id,
            "secret": fixture.mudstack.seededKey.secret.revealed,
        ])

        // The bare string is the bearer token of the next call.
        let token = try await fixture.client.session.token()
        let call = try #require(fixture.requests(path: "/accounts").first)
        #expect(call.headers["Authorization"] == "Bearer " + token.value.revealed)
    }

    @Test func theTokenLivesUntilItsExpClaimMinusTheMarginAndIsReusedUntilThen() async throws {
        let fixture = MudstackFixture()
        let token = try await fixture.client.session.token()
        let claims = try JWTClaims(token: token.value.revealed)
        let exp = try #require(claims.expiresAt)
        #expect(exp == fixture.clock.wallClockNow.addingTimeInterval(3_600))
        let expiresAt = try #require(token.expiresAt)
        #expect(expiresAt == fixture.clock.now + .seconds(3_600))

        for _ in 0..<5 { _ = try await fixture.client.account.workspaces() }
        fixture.clock.advance(by: .seconds(3_000))
        _ = try await fixture.client.account.workspaces()
        #expect(fixture.exchanges == 1)
    }

    @Test func aWrongSecretIsInvalidCredentialsWithTheServiceMessage() async throws {
        let key = KeyAndSecret(id: MudstackFixture().mudstack.seededKey.id, secret: Secret(sentinelSecret))
        let fixture = MudstackFixture(key: key)
        let error = await authError { _ = try await fixture.client.account.accounts() }
        let thrown = try #require(error)
        #expect(thrown.kind == .invalidCredentials)
        #expect(thrown.status == 401)
        #expect(thrown.service == "Mudstack")
        #expect(thrown.serviceMessage == "Invalid API key, secret or account")
        #expect(thrown.detail == "Mudstack error: Unauthorized")
        #expect(!String(describing: thrown).contains(sentinelSecret))
        #expect(fixture.requests(path: "/accounts").isEmpty)
    }

    @Test func aRevokedKeyFailsTheNextExchangeWithInvalidCredentials() async throws {
        let fixture = MudstackFixture()
        fixture.mudstack.revokeKey(id: fixture.mudstack.seededKey.id)
        let error = await authError { _ = try await fixture.client.account.workspaces() }
        #expect(error?.kind == .invalidCredentials)
    }

    @Test(arguments: [EmulatorFault.malformedBody, .truncateBody])
    func aTokenResponseThatIsNotAJSONStringIsMalformed(fault: EmulatorFault) async throws {
        let fixture = MudstackFixture()
        fixture.emulator.faults.inject(fault, on: .mudstack, path: "/auth/token")
        let error = await authError { _ = try await fixture.client.account.accounts() }
        #expect(error?.kind == .malformedResponse)
        #expect(fixture.requests(path: "/accounts").isEmpty)
    }

    @Test func aRateLimitedExchangeIsTypedWithItsRetryAfter() async throws {
        let fixture = MudstackFixture()
        fixture.emulator.faults.inject(.rateLimited(retryAfter: 7), on: .mudstack, path: "/auth/token")
        let error = await authError { _ = try await fixture.client.account.accounts() }
        #expect(error?.kind == .rateLimited)
        #expect(error?.retryAfter == .seconds(7))
    }

    @Test func theSecretIsNeverSentOverPlainHTTPToAnotherHost() async throws {
        let emulator = Emulator(clock: ManualClock())
        let client = MudstackClient(
            credential: KeyAndSecret(id: "k", secret: Secret(sentinelSecret)), accountID: "acct",
            baseURL: try #require(URL(string: "http://api.mudstack.example")), transport: emulator.transport,
            clock: emulator.clock)
        let error = await authError { _ = try await client.account.accounts() }
        #expect(error?.kind == .insecureTransport)
        #expect(emulator.counters.requests(.mudstack) == 0)
    }
}
