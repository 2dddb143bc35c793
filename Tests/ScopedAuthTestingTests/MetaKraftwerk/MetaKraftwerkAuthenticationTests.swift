import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("MetaKraftwerk authentication")
struct MetaKraftwerkAuthenticationTests {
    @Test("The local strategy answers 201 with a one-day Feathers access token")
    func localStrategy() throws {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let response = harness.signIn(emulator.seededUser)
        #expect(response.status == 201)
        let body = MetaKraftwerkHarness.object(response)
        let token = try #require(body["accessToken"] as? String)
        let authentication = try #require(body["authentication"] as? [String: Any])
        #expect(authentication["strategy"] as? String == "local")
        #expect(authentication["accessToken"] as? String == token)
        let payload = try #require(authentication["payload"] as? [String: Any])
        #expect(payload["iss"] as? String == "feathers")
        #expect(payload["aud"] is String)
        let user = try #require(body["user"] as? [String: Any])
        #expect(user["id"] as? Int == emulator.seededUserID)
        #expect(user["email"] as? String == emulator.seededUser.email)

        let header = MetaKraftwerkHarness.header(of: token)
        #expect(header["alg"] as? String == "HS256")
        #expect(header["typ"] as? String == "access")
        let claims = try JWTClaims(token: token)
        #expect(claims.subject == String(emulator.seededUserID))
        #expect(claims.issuedAt == harness.now)
        #expect(claims.expiresAt == harness.now.addingTimeInterval(86_400))
        #expect(UUID(uuidString: claims.tokenID ?? "") != nil)
        #expect(claims.tokenID == payload["jti"] as? String)
        #expect(harness.counters.exchanges(.metaKraftwerk, credential: emulator.seededUser.email) == 1)
    }

    @Test("A wrong password, an unknown email or a revoked user answers 401 Invalid login")
    func badCredentials() {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let wrongPassword = EmailPassword(email: emulator.seededUser.email, password: Secret("nope"))
        let unknown = EmailPassword(email: "nobody@example.com", password: Secret("x"))
        emulator.revokeUser(email: emulator.readOnlyUser.email)
        for credentials in [wrongPassword, unknown, emulator.readOnlyUser] {
            let body = expectFeathersError(
                harness.signIn(credentials), code: 401, name: "NotAuthenticated", className: "not-authenticated",
                message: "Invalid login")
            #expect(body["data"] == nil)
        }
        #expect(harness.counters.exchanges(.metaKraftwerk) == 0)
    }

    @Test("A missing email or password answers 400 BadRequest")
    func missingFields() {
        let harness = MetaKraftwerkHarness()
        let noEmail = harness.send(.post, "/authentication", json: ["strategy": "local", "password": "x"])
        _ = expectFeathersError(
            noEmail, code: 400, name: "BadRequest", className: "bad-request", message: "'email' is required")
        let noPassword = harness.send(.post, "/authentication", json: ["strategy": "local", "email": "a@b.c"])
        _ = expectFeathersError(
            noPassword, code: 400, name: "BadRequest", className: "bad-request", message: "'password' is required")
    }

    @Test("A missing or unknown strategy answers 401")
    func strategies() {
        let harness = MetaKraftwerkHarness()
        for body in [["email": "a@b.c"], ["strategy": "oauth"]] {
            _ = expectFeathersError(
                harness.send(.post, "/authentication", json: body), code: 401, name: "NotAuthenticated",
                className: "not-authenticated")
        }
    }

    @Test("The jwt strategy answers the same token, not extended, until it expires")
    func jwtStrategy() throws {
        var harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        let expiry = try JWTClaims(token: token).expiresAt
        harness.now += 86_000
        let response = harness.send(.post, "/authentication", json: ["strategy": "jwt", "accessToken": token])
        #expect(response.status == 201)
        let body = MetaKraftwerkHarness.object(response)
        #expect(body["accessToken"] as? String == token)
        #expect((body["authentication"] as? [String: Any])?["strategy"] as? String == "jwt")
        #expect(try JWTClaims(token: body["accessToken"] as? String ?? "").expiresAt == expiry)
        #expect(harness.counters.exchanges(.metaKraftwerk) == 1)

        harness.now += 400
        let expired = harness.send(.post, "/authentication", json: ["strategy": "jwt", "accessToken": token])
        _ = expectFeathersError(
            expired, code: 401, name: "NotAuthenticated", className: "not-authenticated", message: "jwt expired")
        let unknown = harness.send(.post, "/authentication", json: ["strategy": "jwt", "accessToken": "a.b.c"])
        #expect(unknown.status == 401)
    }

    @Test("/api/v1 without a token answers 401 Not authenticated")
    func missingBearer() {
        let harness = MetaKraftwerkHarness()
        let body = expectFeathersError(
            harness.send(.get, "/api/v1/projects"), code: 401, name: "NotAuthenticated",
            className: "not-authenticated", message: "Not authenticated")
        #expect(body["data"] == nil)
        #expect(harness.counters.unauthorized(.metaKraftwerk) == 1)
    }

    @Test("An expired token answers 401 jwt expired with TokenExpiredError data")
    func expiredBearer() throws {
        var harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        harness.now += 86_399
        #expect(harness.send(.get, "/api/v1/projects", token: token).status == 200)
        harness.now += 1
        let body = expectFeathersError(
            harness.send(.get, "/api/v1/projects", token: token), code: 401, name: "NotAuthenticated",
            className: "not-authenticated", message: "jwt expired")
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["name"] as? String == "TokenExpiredError")
        #expect(data["expiredAt"] as? String == "2026-01-02T00:00:00.000Z")
        #expect(harness.counters.unauthorized(.metaKraftwerk) == 1)
    }

    @Test("A revoked user's token answers 401")
    func revokedUserToken() {
        let harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        harness.emulator.revokeUser(email: harness.emulator.seededUser.email)
        #expect(harness.send(.get, "/api/v1/projects", token: token).status == 401)
    }

    @Test("errorResponse uses the Feathers shape for injected statuses")
    func errorShape() {
        let response = MetaKraftwerkEmulator().errorResponse(status: 503, message: "down")
        _ = expectFeathersError(response, code: 503, name: "Unavailable", className: "unavailable", message: "down")
    }
}
