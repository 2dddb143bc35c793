import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("Mudstack token exchange")
struct MudstackTokenExchangeTests {
    @Test("POST /auth/token answers a bare JSON string holding a one-hour JWT")
    func exchangeAnswersBareStringJWT() throws {
        let harness = MudstackHarness()
        let response = harness.exchange(accountID: harness.emulator.seededAccountID, key: harness.emulator.seededKey)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.body.first == UInt8(ascii: "\""))
        let token = try #require(MudstackHarness.json(response) as? String)
        let claims = try JWTClaims(token: token)
        #expect(claims.expiresAt == harness.now.addingTimeInterval(3_600))
        #expect(claims.issuedAt == harness.now)
        #expect(claims.subject == harness.emulator.seededKey.id)
        #expect(harness.counters.exchanges(.mudstack, credential: harness.emulator.seededKey.id) == 1)
    }

    @Test("A wrong secret, an unknown key or another account's id answers 401 and mints nothing")
    func badCredentialsAnswer401() {
        let harness = MudstackHarness()
        let emulator = harness.emulator
        let wrongSecret = KeyAndSecret(id: emulator.seededKey.id, secret: Secret("wrong"))
        let unknownKey = KeyAndSecret(id: "no-such-key", secret: emulator.seededKey.secret)
        for response in [
            harness.exchange(accountID: emulator.seededAccountID, key: wrongSecret),
            harness.exchange(accountID: emulator.seededAccountID, key: unknownKey),
            harness.exchange(accountID: emulator.otherAccountID, key: emulator.seededKey),
        ] {
            #expect(response.status == 401)
            let body = MudstackHarness.object(response)
            #expect(body["error"] as? String == "Unauthorized")
            #expect(body["message"] is String)
        }
        #expect(harness.counters.exchanges(.mudstack) == 0)
    }

    @Test("A revoked key answers 401 while the token it minted earlier lives until it expires")
    func revokedKeyAnswers401() {
        let harness = MudstackHarness()
        let emulator = harness.emulator
        let token = harness.seededToken()
        emulator.revokeKey(id: emulator.seededKey.id)
        #expect(harness.exchange(accountID: emulator.seededAccountID, key: emulator.seededKey).status == 401)
        #expect(harness.get("/accounts", token: token, accountID: emulator.seededAccountID).status == 200)
    }

    @Test("A body without account_id, key or secret, or not JSON at all, answers 400")
    func malformedBodyAnswers400() {
        let harness = MudstackHarness()
        let json = HTTPHeaders(dictionaryLiteral: ("Content-Type", "application/json"))
        for body in [#"{"key":"k","secret":"s"}"#, #"{"account_id":"a","key":"k"}"#, #"["a"]"#, "not json", ""] {
            let response = harness.send(.post, "/auth/token", headers: json, body: Data(body.utf8))
            #expect(response.status == 400, "body: \(body)")
            #expect(MudstackHarness.object(response)["error"] as? String == "Bad Request")
        }
    }

    @Test("The form-encoded variant with x-account-id is accepted")
    func formEncodedVariant() throws {
        let harness = MudstackHarness()
        let key = harness.emulator.seededKey
        let secret = key.secret.revealed.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let response = harness.send(
            .post, "/auth/token",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "x-account-id": harness.emulator.seededAccountID,
            ],
            body: Data("key=\(key.id)&secret=\(secret)".utf8))
        #expect(response.status == 200)
        #expect(MudstackHarness.json(response) is String)
    }

    @Test("A token is refused with 401 once the clock reaches its exp, and counted as unauthorized")
    func tokenExpires() {
        var harness = MudstackHarness()
        let accountID = harness.emulator.seededAccountID
        let token = harness.seededToken()
        harness.now += 3_599
        #expect(harness.get("/accounts", token: token, accountID: accountID).status == 200)
        harness.now += 1
        let expired = harness.get("/accounts", token: token, accountID: accountID)
        #expect(expired.status == 401)
        #expect(MudstackHarness.object(expired)["error"] as? String == "Unauthorized")
        #expect(harness.counters.unauthorized(.mudstack) == 1)
    }

    @Test("The token lifetime can be changed for tokens minted afterwards")
    func configurableLifetime() throws {
        let harness = MudstackHarness()
        harness.emulator.tokenLifetime = .seconds(60)
        let claims = try JWTClaims(token: harness.seededToken())
        #expect(claims.expiresAt == harness.now.addingTimeInterval(60))
    }

    @Test("GET /auth/token is not a route")
    func tokenRouteNeedsPost() {
        #expect(MudstackHarness().send(.get, "/auth/token").status == 405)
    }
}
