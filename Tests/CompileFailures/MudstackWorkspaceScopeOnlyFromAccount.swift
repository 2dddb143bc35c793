// expect-error: 'MudstackWorkspaceScope' initializer is inaccessible due to 'internal' protection level
// Mudstack: a workspace scope is made only by `account.workspace(_:)`, so it always carries its account.
import ScopedAuthMudstack

func scope(client: MudstackClient) -> MudstackWorkspaceScope {
    MudstackWorkspaceScope(account: client.account, workspaceID: "workspace-id")
}
