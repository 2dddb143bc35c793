import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("MASV emulator: transfers to cloud connections")
struct MASVTransferTests {
    @Test func startingATransferAnswers201WithATransferToken() throws {
        let harness = MASVHarness()
        let package = try harness.finalizedTeamPackage()
        let response = harness.api(.post, "/v1/packages/\(package.id)/transfer",
            headers: ["X-Package-Token": package.token],
            json: ["cloud_connection_id": harness.masv.seededCloudConnectionID])
        #expect(response.status == 201)
        let id = try #require(response.object["id"] as? String)
        #expect(response.object["state"] as? String == "started")
        let claims = try MASVHarness.claims(try #require(response.object["access_token"] as? String))
        #expect(claims["typ"] as? String == "transfer")
        #expect(claims["sub"] as? String == id)
        #expect(claims["exp"] is Int)

        let list = harness.api(.get, "/v1/packages/\(package.id)/transfer", headers: ["X-Package-Token": package.token])
        #expect(list.status == 200)
        #expect(list.array.map { $0["id"] as? String } == [id])
        #expect(list.array.first?["access_token"] == nil)
    }

    @Test func aTransferTokenWorksOnlyOnItsOwnTransfer() throws {
        let harness = MASVHarness()
        let package = try harness.finalizedTeamPackage()
        let first = try harness.startTransfer(packageID: package.id, token: package.token)
        let second = try harness.startTransfer(packageID: package.id, token: package.token)

        let own = harness.api(.get, "/v1/transfers/\(first.id)", headers: ["X-Transfer-Token": first.token])
        #expect(own.status == 200)
        #expect(own.object["id"] as? String == first.id)
        #expect(own.object["state"] as? String == "started")
        #expect(harness.api(.get, "/v1/transfers/\(second.id)", headers: ["X-Transfer-Token": first.token]).status == 403)
        #expect(harness.api(.post, "/v1/transfers/\(second.id)/cancel", headers: ["X-Transfer-Token": first.token])
            .status == 403)
        #expect(harness.api(.get, "/v1/transfers/\(first.id)", headers: ["X-Package-Token": package.token]).status == 403)
        #expect(harness.api(.get, "/v1/transfers/\(first.id)", headers: harness.apiKeyHeaders).status == 403)
        #expect(harness.api(.get, "/v1/transfers/\(first.id)", headers: ["X-Package-Token": first.token]).status == 403)
        #expect(harness.api(.get, "/v1/transfers/\(first.id)").status == 401)
        #expect(harness.api(.get, "/v1/transfers/\(first.id)", headers: ["X-Transfer-Token": "x.y.z"]).status == 401)
        #expect(harness.api(.get, "/v1/packages/\(package.id)", headers: ["X-Transfer-Token": first.token]).status == 403)
    }

    @Test func cancelRetryAndTheStateHook() throws {
        let harness = MASVHarness()
        let package = try harness.finalizedTeamPackage()
        let transfer = try harness.startTransfer(packageID: package.id, token: package.token)
        let headers: HTTPHeaders = ["X-Transfer-Token": transfer.token]
        let base = "/v1/transfers/\(transfer.id)"

        #expect(harness.api(.post, "\(base)/retry", headers: headers).status == 409)
        let cancelled = harness.api(.post, "\(base)/cancel", headers: headers)
        #expect(cancelled.status == 200)
        #expect(cancelled.object["state"] as? String == "cancelled")
        #expect(harness.api(.post, "\(base)/cancel", headers: headers).status == 409)
        let retried = harness.api(.post, "\(base)/retry", headers: headers)
        #expect(retried.status == 200)
        #expect(retried.object["state"] as? String == "started")

        #expect(harness.masv.setTransferState(transfer.id, to: .error))
        #expect(harness.api(.get, base, headers: headers).object["state"] as? String == "error")
        #expect(harness.api(.post, "\(base)/retry", headers: headers).object["state"] as? String == "started")
        #expect(harness.masv.setTransferState(transfer.id, to: .complete))
        #expect(harness.masv.transferState(transfer.id) == .complete)
        #expect(harness.api(.post, "\(base)/cancel", headers: headers).status == 409)
        #expect(harness.api(.post, "\(base)/retry", headers: headers).status == 409)
        #expect(!harness.masv.setTransferState("unknown", to: .pending))
    }

    @Test func aDownloadTokenTransfersOnlyWithSingleUseCredentials() throws {
        let harness = MASVHarness()
        let package = try harness.finalizedTeamPackage()
        let link = try harness.createLink(packageID: package.id, token: package.token)
        let token = try harness.downloadToken(linkID: link.id, secret: link.secret)
        func start(_ body: [String: Any]) -> HTTPResponse {
            harness.api(.post, "/v1/packages/\(package.id)/transfer", headers: ["X-Package-Token": token], json: body)
        }
        let credentials: [String: Any] = ["provider": "amazon_s3", "authorization": ["key": "k", "secret": "s"]]

        #expect(start(["cloud_connection_id": harness.masv.seededCloudConnectionID]).status == 403)
        #expect(start([:]).status == 403)
        #expect(start(["single_use_credentials": credentials, "cloud_connection_id": harness.masv.seededCloudConnectionID])
            .status == 403)
        #expect(start(["single_use_credentials": credentials, "direction": "cloud_to_masv"]).status == 403)
        #expect(start(["single_use_credentials": ["authorization": [String: Any]()]]).status == 400)
        let started = start(["single_use_credentials": credentials])
        #expect(started.status == 201)
        #expect(started.object["state"] as? String == "started")
        #expect(started.object["access_token"] is String)
    }

    @Test func transferRequestsAreValidated() throws {
        let harness = MASVHarness()
        let open = try harness.createTeamPackage()
        let headers: HTTPHeaders = ["X-Package-Token": open.token]
        let path = "/v1/packages/\(open.id)/transfer"
        #expect(harness.api(.post, path, headers: headers, json: ["cloud_connection_id": harness.masv.seededCloudConnectionID])
            .status == 409)
        #expect(harness.api(.post, path, headers: headers, json: ["cloud_connection_id": "UNKNOWN"]).status == 404)
        #expect(harness.api(.post, path, headers: headers, json: [String: Any]()).status == 400)
        #expect(harness.api(.post, path, headers: headers,
            json: ["cloud_connection_id": harness.masv.seededCloudConnectionID, "direction": "sideways"]).status == 400)
        let inbound = harness.api(.post, path, headers: headers,
            json: ["cloud_connection_id": harness.masv.seededCloudConnectionID, "direction": "cloud_to_masv"])
        #expect(inbound.status == 201)
    }
}
