import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("Mudstack endpoints")
struct MudstackEndpointTests {
    @Test("GET /accounts answers the token's account")
    func accounts() {
        let harness = MudstackHarness()
        let response = harness.get(
            "/accounts", token: harness.seededToken(), accountID: harness.emulator.seededAccountID)
        #expect(response.status == 200)
        #expect(MudstackHarness.array(response).map { $0["id"] as? String } == [harness.emulator.seededAccountID])
    }

    @Test("GET /accounts/workspaces lists the account's workspaces in the documented shape")
    func accountWorkspaces() throws {
        let harness = MudstackHarness()
        let emulator = harness.emulator
        let added = emulator.addWorkspace(name: "Environments", accountID: emulator.seededAccountID)
        let response = harness.get(
            "/accounts/workspaces", token: harness.seededToken(), accountID: emulator.seededAccountID)
        #expect(response.status == 200)
        let workspaces = MudstackHarness.array(response)
        #expect(workspaces.map { $0["id"] as? String } == [emulator.seededWorkspaceID, added])
        let first = try #require(workspaces.first)
        #expect(first["account_id"] as? String == emulator.seededAccountID)
        #expect(first["name"] as? String == "Characters")
        #expect(first["thumbnail_file_id"] is NSNull)
        #expect((1...10).contains(first["defaultAvatar"] as? Int ?? 0))
        #expect(first["created_by_user_id"] is String)
        #expect(first["sequence"] is Int)
        let roles = try #require(first["roles"] as? [String: Any])
        #expect(roles["workspace_id"] as? String == emulator.seededWorkspaceID)
        #expect(roles["roles"] as? [String] == ["owner"])
        #expect(roles["user"] is [String: Any])
        #expect(first["usage"] is [String: Any])
    }

    @Test("GET /accounts/members and /accounts/settings answer arrays")
    func membersAndSettings() {
        let harness = MudstackHarness()
        let token = harness.seededToken()
        let accountID = harness.emulator.seededAccountID
        let members = MudstackHarness.array(harness.get("/accounts/members", token: token, accountID: accountID))
        #expect(members.count == 1)
        #expect((members.first?["user"] as? [String: Any])?["email"] is String)
        let settings = MudstackHarness.array(harness.get("/accounts/settings", token: token, accountID: accountID))
        #expect(settings.allSatisfy { $0["account_id"] as? String == accountID })
        #expect(!settings.isEmpty)
    }

    @Test("GET /workspaces answers the workspace named by x-workspace-id; /workspaces/members its members")
    func currentWorkspace() {
        let harness = MudstackHarness()
        let workspace = MudstackHarness.object(harness.workspaceGet("/workspaces"))
        #expect(workspace["id"] as? String == harness.emulator.seededWorkspaceID)
        #expect(workspace["account_id"] as? String == harness.emulator.seededAccountID)
        let members = MudstackHarness.array(harness.workspaceGet("/workspaces/members"))
        #expect(members.map { $0["workspace_id"] as? String } == [harness.emulator.seededWorkspaceID])
    }

    @Test("Folders: the hierarchy nests subfolders; a folder answers by id; another workspace's folder is 404")
    func folders() throws {
        let harness = MudstackHarness()
        let emulator = harness.emulator
        let roots = MudstackHarness.array(harness.workspaceGet("/workspaces/folders/hierarchy"))
        #expect(roots.map { $0["id"] as? String } == [emulator.seededFolderID])
        let children = try #require(roots.first?["children"] as? [[String: Any]])
        #expect(children.map { $0["name"] as? String } == ["Drafts"])
        #expect(children.first?["parent_id"] as? String == emulator.seededFolderID)
        #expect(roots.first?["asset_ids"] as? [String] == emulator.seededAssetIDs)

        let folder = harness.workspaceGet("/workspaces/folders/\(emulator.seededFolderID)")
        #expect(folder.status == 200)
        #expect(MudstackHarness.object(folder)["name"] as? String == "Heroes")

        let elsewhere = emulator.addFolder(name: "Elsewhere", workspaceID: emulator.otherWorkspaceID)
        let missing = harness.workspaceGet("/workspaces/folders/\(elsewhere)")
        #expect(missing.status == 404)
        #expect(MudstackHarness.object(missing)["error"] as? String == "Not Found")
    }

    @Test("GET /workspaces/assets/{id} answers the asset with its currentVersion")
    func singleAsset() throws {
        let harness = MudstackHarness()
        let emulator = harness.emulator
        let assetID = try #require(emulator.seededAssetIDs.first)
        let response = harness.workspaceGet("/workspaces/assets/\(assetID)")
        #expect(response.status == 200)
        let asset = MudstackHarness.object(response)
        for field in [
            "id", "workspace_id", "name", "asset_type_id", "status_id", "isActive", "created_by_user_id",
            "locked_by_user_id", "file_name", "file_location", "current_version_id", "sequence", "currentVersion",
        ] {
            #expect(asset[field] != nil, "missing \(field)")
        }
        #expect(asset["id"] as? String == assetID)
        #expect(asset["workspace_id"] as? String == emulator.seededWorkspaceID)
        #expect(asset["name"] as? String == "Knight")
        let version = try #require(asset["currentVersion"] as? [String: Any])
        #expect(version["id"] as? String == asset["current_version_id"] as? String)
        #expect(version["asset_id"] as? String == assetID)
        for field in [
            "commit_parent_id", "created_by_user_id", "thumbnail_file_id", "name", "description", "key", "size",
            "version_number", "sequence", "checksum", "user",
        ] {
            #expect(version[field] != nil, "missing currentVersion.\(field)")
        }
    }

    @Test("An asset of another workspace, or unknown, answers 404 on every asset route")
    func assetOfAnotherWorkspace() {
        let harness = MudstackHarness()
        let emulator = harness.emulator
        let sameAccountWorkspace = emulator.addWorkspace(name: "Second", accountID: emulator.seededAccountID)
        let foreign = emulator.addAsset(name: "Foreign", workspaceID: sameAccountWorkspace)
        for id in [foreign, "unknown"] {
            for suffix in ["", "/tasks", "/history"] {
                let response = harness.workspaceGet("/workspaces/assets/\(id)\(suffix)")
                #expect(response.status == 404, "\(id)\(suffix)")
                #expect(MudstackHarness.object(response)["error"] as? String == "Not Found")
            }
        }
        let token = harness.seededToken()
        let inItsWorkspace = harness.get(
            "/workspaces/assets/\(foreign)", token: token, accountID: emulator.seededAccountID,
            workspaceID: sameAccountWorkspace)
        #expect(inItsWorkspace.status == 200)
    }

    @Test("getByIds answers the workspace's assets among the ids, in order, and 400 without ids")
    func assetsByIDs() {
        let harness = MudstackHarness()
        let ids = harness.emulator.seededAssetIDs
        let response = harness.workspaceGet("/workspaces/assets/getByIds?ids=\(ids[1]),unknown,\(ids[0])")
        #expect(response.status == 200)
        #expect(MudstackHarness.array(response).map { $0["id"] as? String } == [ids[1], ids[0]])
        #expect(harness.workspaceGet("/workspaces/assets/getByIds").status == 400)
        #expect(harness.workspaceGet("/workspaces/assets/getByIds?ids=").status == 400)
    }

    @Test("Asset tasks and history answer arrays about the asset")
    func tasksAndHistory() {
        let harness = MudstackHarness()
        let assetID = harness.emulator.seededAssetIDs[0]
        let tasks = MudstackHarness.array(harness.workspaceGet("/workspaces/assets/\(assetID)/tasks"))
        let history = MudstackHarness.array(harness.workspaceGet("/workspaces/assets/\(assetID)/history"))
        #expect(!tasks.isEmpty)
        #expect(!history.isEmpty)
        #expect(tasks.allSatisfy { $0["asset_id"] as? String == assetID })
        #expect(history.allSatisfy { $0["asset_id"] as? String == assetID })
    }
}
