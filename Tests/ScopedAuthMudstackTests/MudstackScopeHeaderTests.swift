import Foundation
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting
import Testing

@Suite("Mudstack scopes send their headers")
struct MudstackScopeHeaderTests {
    @Test func everyAccountCallSendsTheBearerTokenAndXAccountIDButNoWorkspace() async throws {
        let fixture = MudstackFixture()
        let account = fixture.client.account
        let accounts = try await account.accounts()
        let workspaces = try await account.workspaces()
        let members = try await account.members()
        let settings = try await account.settings()

        #expect(accounts.map(\.id) == [fixture.mudstack.seededAccountID])
        #expect(accounts.first?.name == "Seeded Studio")
        #expect(workspaces.map(\.id) == [fixture.mudstack.seededWorkspaceID])
        #expect(workspaces.first?.accountID == fixture.mudstack.seededAccountID)
        #expect(workspaces.first?.name == "Characters")
        #expect(members.first?.roles == ["owner"])
        #expect(members.first?.accountID == fixture.mudstack.seededAccountID)
        #expect(settings.first { $0.key == "api_access" }?.value == .bool(true))
        #expect(settings.first { $0.key == "default_workspace_role" }?.value == .string("viewer"))

        let calls = fixture.emulator.requests(to: .mudstack).filter { $0.url.path != "/auth/token" }
        #expect(calls.count == 4)
        for call in calls {
            #expect(call.headers["Authorization"]?.hasPrefix("Bearer ") == true)
            #expect(call.headers["x-account-id"] == fixture.mudstack.seededAccountID)
            #expect(!call.headers.contains("x-workspace-id"))
        }
    }

    @Test func everyWorkspaceCallSendsBothScopeHeaders() async throws {
        let fixture = MudstackFixture()
        let mudstack = fixture.mudstack
        let workspace = fixture.workspace
        let assetIDs = mudstack.seededAssetIDs

        let details = try await workspace.details()
        let members = try await workspace.members()
        let hierarchy = try await workspace.folderHierarchy()
        let folder = try await workspace.folder(mudstack.seededFolderID)
        let knight = try await workspace.asset(assetIDs[0])
        let both = try await workspace.assets(ids: assetIDs)
        let tasks = try await workspace.tasks(ofAsset: assetIDs[0])
        let history = try await workspace.history(ofAsset: assetIDs[1])

        #expect(details.id == mudstack.seededWorkspaceID)
        #expect(members.first?.workspaceID == mudstack.seededWorkspaceID)
        #expect(hierarchy.map(\.id) == [mudstack.seededFolderID])
        #expect(hierarchy.first?.children.map(\.name) == ["Drafts"])
        #expect(folder.assetIDs == assetIDs)
        #expect(knight.name == "Knight")
        #expect(knight.workspaceID == mudstack.seededWorkspaceID)
        #expect(knight.currentVersion?.versionNumber == 1)
        #expect(knight.currentVersion?.user?.email == "owner@seeded-studio.test")
        #expect(both.map(\.name) == ["Knight", "Dragon"])
        #expect(tasks.first?.assetID == assetIDs[0])
        #expect(history.first?.action == "created")
        #expect(history.first?.assetID == assetIDs[1])

        let calls = fixture.emulator.requests(to: .mudstack).filter { $0.url.path != "/auth/token" }
        #expect(calls.count == 8)
        for call in calls {
            #expect(call.headers["Authorization"]?.hasPrefix("Bearer ") == true)
            #expect(call.headers["x-account-id"] == mudstack.seededAccountID)
            #expect(call.headers["x-workspace-id"] == mudstack.seededWorkspaceID)
        }
        let byIDs = try #require(calls.first { $0.url.path == "/workspaces/assets/getByIds" })
        #expect(byIDs.url.query == "ids=\(assetIDs.joined(separator: ","))")
    }

    @Test func anEmptyIDListAnswersEmptyWithoutARequest() async throws {
        let fixture = MudstackFixture()
        #expect(try await fixture.workspace.assets(ids: []).isEmpty)
        #expect(fixture.emulator.counters.requests(.mudstack) == 0)
    }

    @Test func scopesDescribeTheirAccountAndWorkspace() {
        let fixture = MudstackFixture()
        let mudstack = fixture.mudstack
        #expect(fixture.workspace.accountID == mudstack.seededAccountID)
        #expect(fixture.workspace.workspaceID == mudstack.seededWorkspaceID)
        #expect(String(describing: fixture.client.account) == "MudstackAccountScope(account: \(mudstack.seededAccountID))")
        #expect(
            String(describing: fixture.workspace)
                == "MudstackWorkspaceScope(account: \(mudstack.seededAccountID), workspace: \(mudstack.seededWorkspaceID))")
    }
}
