// expect-error: value of type 'MudstackAccountScope' has no member 'asset'
// Mudstack: asset endpoints exist only on the workspace scope; the account scope sends no x-workspace-id.
import ScopedAuthMudstack

func fetch(client: MudstackClient) async throws {
    _ = try await client.account.asset("asset-id")
}
