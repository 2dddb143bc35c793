import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("Mudstack scoping headers")
struct MudstackScopeTests {
    static let accountPaths = ["/accounts", "/accounts/workspaces", "/accounts/members", "/accounts/settings"]
    static let workspacePaths = [
        "/workspaces", "/workspaces/members", "/workspaces/folders/hierarchy", "/workspaces/assets/getByIds?ids=x",
    ]

    @Test("A missing, unknown or malformed bearer token answers 401", arguments: [nil, "nope", "Basic abc"])
    func missingOrUnknownToken(authorization: String?) {
        let harness = MudstackHarness()
        var headers: HTTPHeaders = ["x-account-id": harness.emulator.seededAccountID]
        headers["Authorization"] = authorization.map { $0.hasPrefix("Basic") ? $0 : "Bearer \($0)" }
        let response = harness.send(.get, "/accounts", headers: headers)
        #expect(response.status == 401)
        #expect(MudstackHarness.object(response)["error"] as? String == "Unauthorized")
        #expect(harness.counters.unauthorized(.mudstack) == 1)
    }

    @Test(
        "Every route but the token exchange needs x-account-id: 400 without it",
        arguments: accountPaths + workspacePaths)
    func missingAccountHeader(path: String) {
        let harness = MudstackHarness()
        let response = harness.get(
            path, token: harness.seededToken(), accountID: nil, workspaceID: harness.emulator.seededWorkspaceID)
        #expect(response.status == 400)
        #expect(MudstackHarness.object(response)["error"] as? String == "Bad Request")
    }

    @Test("An account the token is not for answers 403", arguments: accountPaths + workspacePaths)
    func crossAccount(path: String) {
        let harness = MudstackHarness()
        let emulator = harness.emulator
        let response = harness.get(
            path, token: harness.seededToken(), accountID: emulator.otherAccountID,
            workspaceID: emulator.otherWorkspaceID)
        #expect(response.status == 403)
        #expect(MudstackHarness.object(response)["error"] as? String == "Forbidden")
    }

    @Test("Workspace routes need x-workspace-id: 400 without it", arguments: workspacePaths)
    func missingWorkspaceHeader(path: String) {
        let harness = MudstackHarness()
        let response = harness.get(path, token: harness.seededToken(), accountID: harness.emulator.seededAccountID)
        #expect(response.status == 400)
        #expect(MudstackHarness.object(response)["error"] as? String == "Bad Request")
    }

    @Test("A workspace outside the account, or unknown, answers 403", arguments: workspacePaths)
    func workspaceOutsideAccount(path: String) {
        let harness = MudstackHarness()
        let token = harness.seededToken()
        let accountID = harness.emulator.seededAccountID
        for workspaceID in [harness.emulator.otherWorkspaceID, "unknown-workspace"] {
            let response = harness.get(path, token: token, accountID: accountID, workspaceID: workspaceID)
            #expect(response.status == 403)
            #expect(MudstackHarness.object(response)["error"] as? String == "Forbidden")
        }
    }

    @Test("Account routes ignore x-workspace-id")
    func accountRoutesWithoutWorkspace() {
        let harness = MudstackHarness()
        for path in Self.accountPaths {
            let response = harness.get(path, token: harness.seededToken(), accountID: harness.emulator.seededAccountID)
            #expect(response.status == 200)
        }
    }

    @Test("A key of the other account reaches only that account's workspaces")
    func otherAccountKey() {
        let harness = MudstackHarness()
        let emulator = harness.emulator
        let exchange = harness.exchange(accountID: emulator.otherAccountID, key: emulator.otherAccountKey)
        let token = MudstackHarness.json(exchange) as? String
        let own = harness.get(
            "/workspaces", token: token, accountID: emulator.otherAccountID, workspaceID: emulator.otherWorkspaceID)
        #expect(own.status == 200)
        let foreign = harness.get(
            "/workspaces", token: token, accountID: emulator.otherAccountID, workspaceID: emulator.seededWorkspaceID)
        #expect(foreign.status == 403)
    }

    @Test("Unknown routes and non-GET methods answer 404 in the error shape")
    func unknownRoutes() {
        let harness = MudstackHarness()
        let token = harness.seededToken()
        let emulator = harness.emulator
        for path in ["/nothing", "/accounts/nothing", "/workspaces/nothing", "/workspaces/assets/a/b/c"] {
            let response = harness.get(
                path, token: token, accountID: emulator.seededAccountID, workspaceID: emulator.seededWorkspaceID)
            #expect(response.status == 404, "\(path)")
            #expect(MudstackHarness.object(response)["error"] as? String == "Not Found")
        }
        let delete = harness.send(
            .delete, "/accounts",
            headers: ["Authorization": "Bearer \(token)", "x-account-id": emulator.seededAccountID])
        #expect(delete.status == 404)
    }

    @Test("errorResponse uses the {error, message} shape for injected statuses")
    func errorShape() {
        let response = MudstackEmulator().errorResponse(status: 429, message: "slow down")
        #expect(response.status == 429)
        let body = MudstackHarness.object(response)
        #expect(body["error"] as? String == "Too Many Requests")
        #expect(body["message"] as? String == "slow down")
    }
}
