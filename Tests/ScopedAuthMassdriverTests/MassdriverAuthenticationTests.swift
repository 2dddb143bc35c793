import Foundation
import ScopedAuth
import ScopedAuthMassdriver
import ScopedAuthTesting
import Testing

@Suite("Massdriver credentials")
struct MassdriverAuthenticationTests {
    let harness = MassdriverHarness()

    @Test func serviceAccountSecretGoesAsBasicToV1() async throws {
        let client = harness.client(harness.serviceAccount)
        #expect(client.endpoint.path == "/api/v1")
        guard case .serviceAccount(let viewer) = try await client.viewer() else {
            Issue.record("expected a service account viewer")
            return
        }
        #expect(viewer.id == harness.emulator.massdriver.seededServiceAccount.id)
        #expect(viewer.name == "ci-deployer")
        #expect(viewer.organization == MassdriverOrganization(id: "acme", name: "Acme Inc"))
        let request = try #require(harness.requests.last)
        #expect(request.url.path == "/api/v1")
        #expect(request.headers["Authorization"] == harness.emulator.massdriver.seededServiceAccount.basicAuthorization)
        #expect(!request.headers.contains("x-md-api-key"))
    }

    @Test func serviceAccountSecretMayOptIntoV2() async throws {
        let client = harness.client(harness.serviceAccount, apiVersion: .v2)
        #expect(try await client.viewer().id == harness.emulator.massdriver.seededServiceAccount.id)
        #expect(harness.requests.last?.url.path == "/api/v2")
    }

    @Test func accessTokenGoesAsBearerToV2() async throws {
        let client = harness.client(harness.accessToken)
        #expect(try await client.viewer().id == harness.emulator.massdriver.seededServiceAccount.id)
        let request = try #require(harness.requests.last)
        #expect(request.url.path == "/api/v2")
        let token = harness.emulator.massdriver.seededAccessToken.token.revealed
        #expect(request.headers["Authorization"] == "Bearer \(token)")
    }

    @Test func deprecatedAPIKeyGoesAsHeaderToV1Only() async throws {
        let key = legacyAPIKey(harness.emulator.massdriver.seededServiceAccount.secret)
        let client = harness.client(key)
        #expect(try await client.viewer().id == harness.emulator.massdriver.seededServiceAccount.id)
        let request = try #require(harness.requests.last)
        #expect(request.url.path == "/api/v1")
        #expect(request.headers["x-md-api-key"] == harness.emulator.massdriver.seededServiceAccount.secret.revealed)
        #expect(request.headers["Authorization"] == nil)
        #expect(!"\(request)".contains(harness.emulator.massdriver.seededServiceAccount.secret.revealed))
    }

    @Test func accessTokenPastItsExpiryFailsWithoutARequest() async throws {
        let (token, expiresAt) = harness.emulator.massdriver.issueAccessToken(expiresIn: .seconds(120))
        let client = harness.client(MassdriverAccessToken(token, expiresAt: expiresAt))
        harness.clock.advance(by: .seconds(119))
        _ = try await client.viewer()
        #expect(harness.requests.count == 1)

        harness.clock.advance(by: .seconds(1))
        let error = await authError { _ = try await client.viewer() }
        #expect(error?.kind == .tokenExpired)
        let pages = await authError { for try await _ in client.projects(organizationID: "acme") {} }
        #expect(pages?.kind == .tokenExpired)
        #expect(harness.requests.count == 1)
        #expect(harness.emulator.counters.unauthorized(.massdriver) == 0)
    }

    @Test func tokenAlreadyExpiredAtConstructionFailsWithoutARequest() async {
        let token = MassdriverAccessToken(Secret("md_old"), expiresAt: harness.clock.wallClockNow.addingTimeInterval(-1))
        let error = await authError { _ = try await harness.client(token).viewer() }
        #expect(error?.kind == .tokenExpired)
        #expect(harness.requests.isEmpty)
    }

    @Test func expiryIsMeasuredOnTheMonotonicClockFromConstruction() async throws {
        let (token, expiresAt) = harness.emulator.massdriver.issueAccessToken(expiresIn: .seconds(60))
        let client = harness.client(MassdriverAccessToken(token, expiresAt: expiresAt))
        // A wall-clock jump backwards after construction does not extend the token's life.
        harness.clock.shiftWallClock(by: .seconds(-3600))
        harness.clock.advance(by: .seconds(60))
        let error = await authError { _ = try await client.viewer() }
        #expect(error?.kind == .tokenExpired)
        #expect(harness.requests.isEmpty)
    }

    @Test func wrongSecretIsInvalidCredentials() async {
        let wrong = MassdriverServiceAccountSecret(organizationID: "acme", secret: Secret("not-the-secret"))
        let error = await authError { _ = try await harness.client(wrong).viewer() }
        #expect(error?.kind == .invalidCredentials)
        #expect(error?.status == 200)
        #expect(error?.service == "Massdriver")
        #expect(error?.serviceMessage == "Invalid credentials")
        #expect(harness.emulator.counters.unauthorized(.massdriver) == 1)
    }

    @Test func revokedAccessTokenIsInvalidCredentials() async {
        let token = harness.accessToken
        harness.emulator.massdriver.revokeAccessToken(token.token)
        let error = await authError { _ = try await harness.client(token).viewer() }
        #expect(error?.kind == .invalidCredentials)
        #expect(harness.requests.count == 1)
    }

    /// `Emulator.seededEnvironment` is what Massdriver's tools read: the seeded service account, sent with Basic.
    @Test func theEmulatorsSeededEnvironmentIsTheSeededServiceAccount() async throws {
        let seeded = harness.emulator.massdriver.seededServiceAccount
        let credential = try MassdriverEnvironmentCredential(environment: harness.emulator.seededEnvironment)
        #expect(!credential.isAccessToken)
        #expect(credential.organizationID == seeded.organizationID)
        #expect(try await harness.client(credential).viewer().id == seeded.id)
    }

    @Test func environmentWithAnAccessTokenUsesBearerOnV2() async throws {
        let token = harness.emulator.massdriver.seededAccessToken.token.revealed
        let credential = try MassdriverEnvironmentCredential(environment: [
            "MASSDRIVER_ORG_ID": "acme", "MASSDRIVER_API_TOKEN": token, "MASSDRIVER_API_KEY": "ignored",
        ])
        #expect(credential.isAccessToken)
        #expect(credential.organizationID == "acme")
        let client = harness.client(credential)
        #expect(try await client.viewer().id == harness.emulator.massdriver.seededServiceAccount.id)
        let request = try #require(harness.requests.last)
        #expect(request.url.path == "/api/v2")
        #expect(request.headers["Authorization"] == "Bearer \(token)")
    }

    @Test func environmentWithAServiceAccountSecretUsesBasic() async throws {
        let seeded = harness.emulator.massdriver.seededServiceAccount
        let credential = try MassdriverEnvironmentCredential(environment: [
            "MASSDRIVER_ORG_ID": seeded.organizationID, "MASSDRIVER_API_KEY": seeded.secret.revealed,
        ])
        #expect(!credential.isAccessToken)
        #expect(try await harness.client(credential).viewer().id == seeded.id)
        #expect(harness.requests.last?.headers["Authorization"] == seeded.basicAuthorization)
    }

    @Test(arguments: [
        [String: String](),
        ["MASSDRIVER_API_TOKEN": "md_x"],
        ["MASSDRIVER_ORG_ID": "acme"],
        ["MASSDRIVER_ORG_ID": " ", "MASSDRIVER_API_KEY": "k"],
        ["MASSDRIVER_ORG_ID": "acme", "MASSDRIVER_API_TOKEN": ""],
    ])
    func incompleteEnvironmentIsInvalidCredentials(environment: [String: String]) {
        #expect(throws: AuthError.self) { try MassdriverEnvironmentCredential(environment: environment) }
        do {
            _ = try MassdriverEnvironmentCredential(environment: environment)
        } catch {
            #expect(error.kind == .invalidCredentials)
        }
    }

    @Test func secretsNeverPrint() async throws {
        let sentinel = "SENTINEL-do-not-print-7f3a"
        let credentials: [any MassdriverCredential] = [
            MassdriverServiceAccountSecret(organizationID: "acme", secret: Secret(sentinel)),
            MassdriverAccessToken(Secret("md_" + sentinel), expiresAt: harness.clock.wallClockNow),
            legacyAPIKey(Secret(sentinel)),
            try MassdriverEnvironmentCredential(environment: ["MASSDRIVER_ORG_ID": "acme", "MASSDRIVER_API_KEY": sentinel]),
            try MassdriverEnvironmentCredential(environment: [
                "MASSDRIVER_ORG_ID": "acme", "MASSDRIVER_API_TOKEN": "md_" + sentinel,
            ]),
        ]
        for credential in credentials {
            var dumped = ""
            dump(credential, to: &dumped)
            for text in ["\(credential)", String(reflecting: credential), dumped] {
                #expect(!text.contains(sentinel), "\(text)")
                #expect(!text.contains(Data("acme:\(sentinel)".utf8).base64EncodedString()))
            }
        }
        let refused = MassdriverServiceAccountSecret(organizationID: "acme", secret: Secret(sentinel))
        let error = await authError { _ = try await harness.client(refused).viewer() }
        #expect(!"\(String(describing: error))".contains(sentinel))
        let expired = MassdriverAccessToken(Secret("md_" + sentinel), expiresAt: harness.clock.wallClockNow)
        let expiredError = await authError { _ = try await harness.client(expired).viewer() }
        #expect(!"\(String(describing: expiredError))".contains(sentinel))
        for request in harness.requests {
            #expect(!"\(request)".contains(sentinel))
        }
    }
}
