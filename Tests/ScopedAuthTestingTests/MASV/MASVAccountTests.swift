import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("MASV emulator: sign-in, API keys, team and portal packages")
struct MASVAccountTests {
    @Test func signInAnswersTeamsTokenAndUserWithAThreeDayUserToken() throws {
        let harness = MASVHarness()
        let user = harness.masv.seededUser
        let response = harness.api(.post, "/v1/auth", json: ["email": user.email, "password": user.password.revealed])
        #expect(response.status == 200)
        let teams = try #require(response.object["teams"] as? [[String: Any]])
        #expect(teams.count == 1)
        #expect(teams.first?["id"] as? String == harness.masv.seededTeamID)
        #expect(teams.first?["name"] is String && teams.first?["subdomain"] is String)
        let body = try #require(response.object["user"] as? [String: Any])
        #expect(body["email"] as? String == user.email)
        #expect(body["id"] as? String == harness.masv.seededUserID)
        #expect(body["level"] is String && body["name"] is String)
        let claims = try MASVHarness.claims(try #require(response.object["token"] as? String))
        #expect(claims["sub"] as? String == harness.masv.seededUserID)
        #expect(claims["exp"] as? Int == Int(harness.now.timeIntervalSince1970) + 3 * 86_400)
        #expect(claims["jti"] is String && claims["iat"] is Int)
        #expect(harness.counters.exchanges(.masv, credential: user.email) == 1)
    }

    @Test func wrongPasswordIsA401WithAMessage() {
        let harness = MASVHarness()
        let response = harness.api(.post, "/v1/auth", json: ["email": harness.masv.seededUser.email, "password": "nope"])
        #expect(response.status == 401)
        #expect(response.message != nil)
        #expect(harness.counters.exchanges(.masv) == 0)
        #expect(harness.counters.unauthorized(.masv) == 1)
    }

    @Test(arguments: [
        "{}", "[1,2]", "{\"email\": 3, \"password\": \"x\"}", "not json",
    ])
    func malformedSignInBodiesAre400(body: String) {
        let harness = MASVHarness()
        let request = HTTPRequest(method: .post, url: URL(string: "https://api.massive.app/v1/auth")!,
            headers: ["Content-Type": "application/json"], body: Data(body.utf8))
        let response = harness.masv.respond(to: EmulatorRequest(request), context: harness.context)
        #expect(response.status == 400)
        #expect(response.message != nil)
    }

    @Test func userTokenExpiresAfterThreeDays() throws {
        let harness = MASVHarness()
        let headers: HTTPHeaders = ["X-User-Token": try harness.signIn()]
        let path = "/v1.1/teams/\(harness.masv.seededTeamID)/packages"
        harness.advance(seconds: 3 * 86_400 - 1)
        #expect(harness.api(.get, path, headers: headers).status == 200)
        harness.advance(seconds: 1)
        let expired = harness.api(.get, path, headers: headers)
        #expect(expired.status == 401)
        #expect(expired.message != nil)
    }

    @Test func apiKeysWorkUntilDeactivatedDeletedExpiredOrTheUserLeaves() {
        let harness = MASVHarness()
        let masv = harness.masv
        let path = "/v1.1/teams/\(masv.seededTeamID)/packages"
        func status(_ key: Secret) -> Int { harness.api(.get, path, headers: ["X-API-KEY": key.revealed]).status }

        #expect(status(masv.seededAPIKey) == 200)
        masv.setAPIKeyDeactivated(masv.seededAPIKey)
        #expect(status(masv.seededAPIKey) == 401)
        masv.setAPIKeyDeactivated(masv.seededAPIKey, false)
        #expect(status(masv.seededAPIKey) == 200)
        masv.deleteAPIKey(masv.seededAPIKey)
        #expect(status(masv.seededAPIKey) == 401)

        let expiring = masv.addAPIKey(expiry: harness.now.addingTimeInterval(60))
        #expect(expiring.map(status) == 200)
        harness.advance(seconds: 60)
        #expect(expiring.map(status) == 401)

        masv.addUser(EmailPassword(email: "editor@masv.example", password: Secret("pw")))
        let editorKey = masv.addAPIKey(forUserWithEmail: "editor@masv.example")
        #expect(editorKey.map(status) == 200)
        masv.removeUserFromTeam(email: "editor@masv.example")
        #expect(editorKey.map(status) == 401)
        #expect(masv.addAPIKey(forUserWithEmail: "nobody@masv.example") == nil)
        #expect(status(Secret("made-up")) == 401)
    }

    @Test func apiKeyCreationNeedsAUserTokenAndReturnsTheKeyOnce() throws {
        let harness = MASVHarness()
        let path = "/v1/teams/\(harness.masv.seededTeamID)/api_keys"
        let viaKey = harness.api(.post, path, headers: harness.apiKeyHeaders, json: ["name": "ci"])
        #expect(viaKey.status == 403)

        let created = harness.api(.post, path, headers: ["X-User-Token": try harness.signIn()],
            json: ["name": "ci", "expiry": "2050-01-01T00:00:00.000Z", "state": "active"])
        #expect(created.status == 201)
        #expect(created.object["name"] as? String == "ci")
        #expect(created.object["state"] as? String == "active")
        #expect(created.object["expiry"] as? String == "2050-01-01T00:00:00.000Z")
        #expect(created.object["id"] is String)
        let key = try #require(created.object["key"] as? String)
        let list = harness.api(.get, "/v1.1/teams/\(harness.masv.seededTeamID)/packages", headers: ["X-API-KEY": key])
        #expect(list.status == 200)

        let badExpiry = harness.api(.post, path, headers: ["X-User-Token": try harness.signIn()],
            json: ["expiry": "next tuesday"])
        #expect(badExpiry.status == 400)
    }

    @Test func teamPackageCreateAnswers201WithAManagementTokenLivingAsLongAsStorage() throws {
        let harness = MASVHarness()
        let response = harness.api(.post, "/v1/teams/\(harness.masv.seededTeamID)/packages",
            headers: ["X-User-Token": try harness.signIn()],
            json: ["name": "Rushes", "description": "day 1", "recipients": ["a@b.c", ["email": "d@e.f"]]])
        #expect(response.status == 201)
        let package = response.object
        let id = try #require(package["id"] as? String)
        #expect(package["state"] as? String == "new")
        #expect(package["name"] as? String == "Rushes")
        #expect(package["recipients"] as? [String] == ["a@b.c", "d@e.f"])
        #expect(package["total_files"] as? Int == 0)
        let expiry = try #require(package["expiry"] as? String)
        let claims = try MASVHarness.claims(try #require(package["access_token"] as? String))
        #expect(claims["typ"] as? String == "package")
        #expect(claims["lvl"] as? String == "f")
        #expect(claims["sub"] as? String == id)
        let exp = try #require(claims["exp"] as? Int)
        #expect(exp == Int(harness.now.timeIntervalSince1970) + 10 * 86_400)
        #expect(expiry == "2026-01-11T00:00:00.000Z")
    }

    @Test func teamPackagesListAndGetGiveFreshManagementTokens() throws {
        let harness = MASVHarness()
        let first = try harness.createTeamPackage(name: "one")
        harness.advance(seconds: 1)
        _ = try harness.createTeamPackage(name: "two")
        let team = harness.masv.seededTeamID
        let list = harness.api(.get, "/v1.1/teams/\(team)/packages?page=1&limit=1", headers: harness.apiKeyHeaders)
        #expect(list.status == 200)
        #expect((list.object["metadata"] as? [String: Any])?["total"] as? Int == 2)
        let records = try #require(list.object["records"] as? [[String: Any]])
        #expect(records.count == 1)
        #expect(records.first?["name"] as? String == "two")

        let legacy = harness.api(.get, "/v1/teams/\(team)/packages", headers: harness.apiKeyHeaders)
        #expect(legacy.array.count == 2)

        let got = harness.api(.get, "/v1.1/teams/\(team)/packages/\(first.id)", headers: harness.apiKeyHeaders)
        #expect(got.status == 200)
        let token = try #require(got.object["access_token"] as? String)
        #expect(token != first.token)
        #expect(try MASVHarness.claims(token)["lvl"] as? String == "f")
        #expect(harness.api(.get, "/v1/packages/\(first.id)", headers: ["X-Package-Token": token]).status == 200)
        #expect(harness.api(.get, "/v1.1/teams/\(team)/packages/UNKNOWN", headers: harness.apiKeyHeaders).status == 404)
    }

    @Test func teamEndpointsRefuseMissingCredentialsAndOtherTeams() throws {
        let harness = MASVHarness()
        let team = harness.masv.seededTeamID
        #expect(harness.api(.get, "/v1.1/teams/\(team)/packages").status == 401)
        #expect(harness.api(.get, "/v1.1/teams/OTHER/packages", headers: harness.apiKeyHeaders).status == 403)
        let package = try harness.createTeamPackage()
        let withPackageToken = harness.api(.post, "/v1/teams/\(team)/packages", headers: ["X-Package-Token": package.token])
        #expect(withPackageToken.status == 403)
        let misplaced = harness.api(.get, "/v1.1/teams/\(team)/packages", headers: ["X-User-Token": package.token])
        #expect(misplaced.status == 403)
        #expect(harness.api(.get, "/v1/nowhere", headers: harness.apiKeyHeaders).status == 404)
    }

    @Test func portalsResolveAndCreateUploadOnlyPackagesWithoutUserAuth() throws {
        let harness = MASVHarness()
        let resolved = harness.api(.get, "/v1/subdomains/portals/\(harness.masv.seededPortalSubdomain)")
        #expect(resolved.status == 200)
        #expect(resolved.object["id"] as? String == harness.masv.seededPortalID)
        #expect(harness.api(.get, "/v1/subdomains/portals/missing").status == 404)

        let created = harness.api(.post, "/v1/portals/\(harness.masv.seededPortalID)/packages",
            json: ["name": "Drop", "sender": "guest@example.com"])
        #expect(created.status == 201)
        let claims = try MASVHarness.claims(try #require(created.object["access_token"] as? String))
        #expect(claims["lvl"] as? String == "u")
        #expect(claims["typ"] as? String == "package")
        #expect(claims["sub"] as? String == created.object["id"] as? String)
        #expect(harness.api(.post, "/v1/portals/UNKNOWN/packages", json: ["name": "x"]).status == 404)
    }

    @Test func cloudConnectionsAreListedForTheTeam() {
        let harness = MASVHarness()
        let added = harness.masv.addCloudConnection(name: "Archive", provider: "wasabi")
        let response = harness.api(.get, "/v1/teams/\(harness.masv.seededTeamID)/cloud_connections",
            headers: harness.apiKeyHeaders)
        #expect(response.status == 200)
        #expect(Set(response.array.compactMap { $0["id"] as? String }) == [harness.masv.seededCloudConnectionID, added])
    }
}
