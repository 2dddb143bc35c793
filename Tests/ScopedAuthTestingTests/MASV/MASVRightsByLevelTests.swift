import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// SERVICES.md section 7, "Rights by level", checked for every credential against every package and transfer
/// operation: an operation outside the credential's rights answers 403; one inside it is never refused for
/// authorization (it may still answer 409 because the fixture's package is finalized).
@Suite("MASV emulator: rights by token level")
struct MASVRightsByLevelTests {
    enum Credential: String, CaseIterable, Sendable {
        case management, uploadOnly, download, transfer, userToken, apiKey
    }

    enum Operation: String, CaseIterable, Sendable {
        case addFile, chunkURLs, finalizeFile, finalizePackage, details, listFiles, downloadURL, createLink,
            editExpiry, delete, listTransfers, startTransfer, transferStatus, transferRetry, transferCancel
    }

    static let rights: [Credential: Set<Operation>] = [
        .management: [.addFile, .chunkURLs, .finalizeFile, .finalizePackage, .details, .listFiles, .createLink,
                      .editExpiry, .delete, .listTransfers, .startTransfer],
        .uploadOnly: [.addFile, .chunkURLs, .finalizeFile, .finalizePackage],
        .download: [.details, .listFiles, .downloadURL],
        .transfer: [.transferStatus, .transferRetry, .transferCancel],
        .userToken: [],
        .apiKey: [],
    ]

    @Test(arguments: Credential.allCases, Operation.allCases)
    func eachCredentialMayDoExactlyWhatItsLevelAllows(credential: Credential, operation: Operation) throws {
        let harness = MASVHarness()
        let team = try harness.finalizedTeamPackage()
        let portal = try harness.createPortalPackage()
        let portalFile = try harness.uploadFile(packageID: portal.id, token: portal.token, data: MASVHarness.sample(count: 10))
        try harness.finalizePackage(portal.id, token: portal.token)
        let link = try harness.createLink(packageID: team.id, token: team.token)
        let transfer = try harness.startTransfer(packageID: team.id, token: team.token)
        harness.masv.setTransferState(transfer.id, to: .error)

        let headers: HTTPHeaders
        var (packageID, fileID) = (team.id, team.fileID)
        switch credential {
        case .management: headers = ["X-Package-Token": team.token]
        case .uploadOnly:
            headers = ["X-Package-Token": portal.token]
            (packageID, fileID) = (portal.id, portalFile)
        case .download: headers = ["X-Package-Token": try harness.downloadToken(linkID: link.id, secret: link.secret)]
        case .transfer: headers = ["X-Transfer-Token": transfer.token]
        case .userToken: headers = ["X-User-Token": try harness.signIn()]
        case .apiKey: headers = harness.apiKeyHeaders
        }
        let package = "/v1/packages/\(packageID)"
        let response: HTTPResponse
        switch operation {
        case .addFile: response = harness.api(.post, "\(package)/files", headers: headers, json: ["name": "b.mov"])
        case .chunkURLs:
            response = harness.api(.post, "\(package)/files/\(fileID)?start=0&count=1", headers: headers,
                json: ["upload_id": "x"])
        case .finalizeFile:
            response = harness.api(.post, "\(package)/files/\(fileID)/finalize", headers: headers,
                json: ["chunk_extras": [[String: Any]](), "file_extras": ["upload_id": "x"], "size": 0])
        case .finalizePackage: response = harness.api(.post, "\(package)/finalize", headers: headers)
        case .details: response = harness.api(.get, package, headers: headers)
        case .listFiles: response = harness.api(.get, "\(package)/files", headers: headers)
        case .downloadURL: response = harness.api(.get, "\(package)/files/\(fileID)/download", headers: headers)
        case .createLink: response = harness.api(.post, "\(package)/links", headers: headers, json: ["email": ""])
        case .editExpiry:
            response = harness.api(.put, "\(package)/expiry", headers: headers, json: ["unlimited_storage": true])
        case .delete: response = harness.api(.delete, package, headers: headers)
        case .listTransfers: response = harness.api(.get, "\(package)/transfer", headers: headers)
        case .startTransfer:
            response = harness.api(.post, "\(package)/transfer", headers: headers,
                json: ["cloud_connection_id": harness.masv.seededCloudConnectionID])
        case .transferStatus: response = harness.api(.get, "/v1/transfers/\(transfer.id)", headers: headers)
        case .transferRetry: response = harness.api(.post, "/v1/transfers/\(transfer.id)/retry", headers: headers)
        case .transferCancel: response = harness.api(.post, "/v1/transfers/\(transfer.id)/cancel", headers: headers)
        }

        if Self.rights[credential, default: []].contains(operation) {
            #expect(response.isSuccess || response.status == 409, "\(response.status) \(response.message ?? "")")
        } else {
            #expect(response.status == 403, "\(response.status) \(response.message ?? "")")
            #expect(response.message?.isEmpty == false)
        }
    }

    @Test func aTokenForOnePackageIsForbiddenOnAnother() throws {
        let harness = MASVHarness()
        let first = try harness.createTeamPackage(name: "one")
        let second = try harness.createTeamPackage(name: "two")
        let response = harness.api(.get, "/v1/packages/\(second.id)", headers: ["X-Package-Token": first.token])
        #expect(response.status == 403)
    }

    @Test func unknownExpiredOrMissingTokensAre401AndCounted() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        #expect(harness.api(.get, "/v1/packages/\(package.id)").status == 401)
        #expect(harness.api(.get, "/v1/packages/\(package.id)", headers: ["X-Package-Token": "a.b.c"]).status == 401)
        harness.advance(seconds: 10 * 86_400 - 1)
        #expect(harness.api(.get, "/v1/packages/\(package.id)", headers: ["X-Package-Token": package.token]).status == 200)
        harness.advance(seconds: 1)
        let expired = harness.api(.get, "/v1/packages/\(package.id)", headers: ["X-Package-Token": package.token])
        #expect(expired.status == 401)
        #expect(expired.message != nil)
        #expect(harness.counters.unauthorized(.masv) == 3)
    }

    @Test func aBadCredentialBesideAGoodOneIsStillA401() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let response = harness.api(.get, "/v1/packages/\(package.id)",
            headers: ["X-Package-Token": package.token, "X-User-Token": "forged"])
        #expect(response.status == 401)
    }
}
