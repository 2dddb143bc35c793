// expect-error: value of type 'MudstackClient' has no member 'folderHierarchy'
// Mudstack: a workspace call needs a chosen workspace; neither the client nor its account scope has one.
import ScopedAuthMudstack

func folders(client: MudstackClient) async throws {
    _ = try await client.folderHierarchy()
}
