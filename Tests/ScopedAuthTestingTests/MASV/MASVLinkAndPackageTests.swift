import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("MASV emulator: links, package details, expiry and delete")
struct MASVLinkAndPackageTests {
    @Test func linkCredentialsBuyADownloadTokenCarryingTheLinkID() throws {
        let harness = MASVHarness()
        let package = try harness.finalizedTeamPackage(data: MASVHarness.sample(count: 3000))
        let created = harness.api(.post, "/v1/packages/\(package.id)/links", headers: ["X-Package-Token": package.token],
            json: ["email": ""])
        #expect(created.status == 201)
        let linkID = try #require(created.object["id"] as? String)
        let secret = try #require(created.object["secret"] as? String)

        let redeemed = harness.api(.get, "/v1/links/\(linkID)?secret=\(secret)")
        #expect(redeemed.status == 200)
        #expect(redeemed.object["id"] as? String == linkID)
        #expect(redeemed.object["package_id"] as? String == package.id)
        #expect(redeemed.object["package_size"] as? Int == 3000)
        #expect(redeemed.object["name"] as? String == "Rushes")
        #expect(redeemed.object["expiry"] is String)
        let claims = try MASVHarness.claims(try #require(redeemed.object["package_token"] as? String))
        #expect(claims["lvl"] as? String == "d")
        #expect(claims["lid"] as? String == linkID)
        #expect(claims["sub"] as? String == package.id)
        #expect(claims["typ"] as? String == "package")
    }

    @Test func wrongLinkCredentialsAreRefused() throws {
        let harness = MASVHarness()
        let package = try harness.finalizedTeamPackage()
        let open = try harness.createLink(packageID: package.id, token: package.token)
        let locked = try harness.createLink(packageID: package.id, token: package.token, password: "hunter2")
        #expect(harness.api(.get, "/v1/links/\(open.id)?secret=wrong").status == 401)
        #expect(harness.api(.get, "/v1/links/\(open.id)").status == 401)
        #expect(harness.api(.get, "/v1/links/UNKNOWN?secret=\(open.secret)").status == 404)
        #expect(harness.api(.get, "/v1/links/\(locked.id)?secret=\(locked.secret)").status == 403)
        #expect(harness.api(.get, "/v1/links/\(locked.id)?secret=\(locked.secret)", headers: ["X-Link-Password": "nope"])
            .status == 403)
        #expect(harness.api(.get, "/v1/links/\(locked.id)?secret=\(locked.secret)", headers: ["X-Link-Password": "hunter2"])
            .status == 200)
    }

    @Test func aLinkMadeDuringUploadWorksOnlyOnceThePackageIsFinalized() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let link = try harness.createLink(packageID: package.id, token: package.token)
        #expect(harness.api(.get, "/v1/links/\(link.id)?secret=\(link.secret)").status == 403)
        try harness.uploadFile(packageID: package.id, token: package.token, data: MASVHarness.sample(count: 100))
        try harness.finalizePackage(package.id, token: package.token)
        #expect(harness.api(.get, "/v1/links/\(link.id)?secret=\(link.secret)").status == 200)
    }

    @Test func detailsAndFileListsShowTheUploadedFiles() throws {
        let harness = MASVHarness()
        let package = try harness.finalizedTeamPackage(data: MASVHarness.sample(count: 2500))
        let details = harness.api(.get, "/v1/packages/\(package.id)", headers: ["X-Package-Token": package.token])
        #expect(details.status == 200)
        #expect(details.object["id"] as? String == package.id)
        #expect(details.object["state"] as? String == "finalized")
        #expect(details.object["total_files"] as? Int == 1)
        #expect(details.object["size"] as? Int == 2500)
        #expect(details.object["access_token"] == nil)

        let files = harness.api(.get, "/v1/packages/\(package.id)/files", headers: ["X-Package-Token": package.token])
        #expect(files.status == 200)
        #expect(files.array.count == 1)
        let file = try #require(files.array.first)
        #expect(file["id"] as? String == package.fileID)
        #expect(file["name"] as? String == "a.mov")
        #expect(file["kind"] as? String == "file")
        #expect(file["size"] as? Int == 2500)
        #expect(file["virus_detected"] as? Bool == false)
        #expect(harness.masv.fileIDs(packageID: package.id) == [package.fileID])
    }

    @Test func downloadURLsNeedAFinalizedFileOfThePackage() throws {
        let harness = MASVHarness()
        let package = try harness.finalizedTeamPackage()
        let link = try harness.createLink(packageID: package.id, token: package.token)
        let token = try harness.downloadToken(linkID: link.id, secret: link.secret)
        let response = harness.api(.get, "/v1/packages/\(package.id)/files/NOFILE/download",
            headers: ["X-Package-Token": token])
        #expect(response.status == 404)
    }

    @Test func expiryCanBeEditedButIssuedTokensKeepTheirExp() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let path = "/v1/packages/\(package.id)/expiry"
        let headers: HTTPHeaders = ["X-Package-Token": package.token]
        let unlimited = harness.api(.put, path, headers: headers, json: ["unlimited_storage": true])
        #expect(unlimited.status == 200)
        #expect(unlimited.object["unlimited_storage"] as? Bool == true)
        #expect(unlimited.object["expiry"] is NSNull)

        let dated = harness.api(.put, path, headers: headers,
            json: ["unlimited_storage": false, "expiry": "2026-03-01T00:00:00.000Z"])
        #expect(dated.status == 200)
        #expect(dated.object["expiry"] as? String == "2026-03-01T00:00:00.000Z")
        #expect(harness.api(.put, path, headers: headers, json: ["unlimited_storage": false, "expiry": "2025-01-01T00:00:00Z"])
            .status == 400)
        #expect(harness.api(.put, path, headers: headers, json: ["unlimited_storage": false]).status == 400)
        #expect(harness.api(.put, path, headers: headers, json: ["unlimited_storage": "yes"]).status == 400)

        harness.advance(seconds: 10 * 86_400)
        #expect(harness.api(.get, "/v1/packages/\(package.id)", headers: headers).status == 401)
        let fresh = harness.api(.get, "/v1.1/teams/\(harness.masv.seededTeamID)/packages/\(package.id)",
            headers: harness.apiKeyHeaders)
        let freshToken = try #require(fresh.object["access_token"] as? String)
        #expect(harness.api(.get, "/v1/packages/\(package.id)", headers: ["X-Package-Token": freshToken]).status == 200)
    }

    @Test func deletingAPackageAnswers204AndRevokesItsTokens() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let headers: HTTPHeaders = ["X-Package-Token": package.token]
        let deleted = harness.api(.delete, "/v1/packages/\(package.id)", headers: headers)
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(harness.masv.packageState(package.id) == nil)
        #expect(harness.api(.get, "/v1/packages/\(package.id)", headers: headers).status == 401)
        #expect(harness.masv.packageIDs.isEmpty)
    }
}
