// expect-compiles
// Mudstack control: the scoped calls type-check when the workspace is chosen, so the Mudstack snippets fail
// for their own reason.
import ScopedAuth
import ScopedAuthMudstack

func control(client: MudstackClient) async throws {
    let workspaces = try await client.account.workspaces()
    let workspace = client.account.workspace(workspaces[0].id)
    let asset = try await workspace.asset("asset-id")
    _ = try await workspace.assets(ids: [asset.id])
    _ = try await workspace.folderHierarchy()
    _ = try await workspace.history(ofAsset: asset.id)
}
