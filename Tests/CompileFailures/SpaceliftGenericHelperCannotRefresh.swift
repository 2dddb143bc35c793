// expect-error: requires the types 'Source' and 'TokenSession' be equivalent
// Spacelift: session-only operations hang on a same-type constraint, so a generic helper over any token source
// cannot refresh.
import ScopedAuth
import ScopedAuthSpacelift

func refresh<Source: TokenSource>(_ client: SpaceliftClient<Source>) async throws {
    _ = try await client.refresh()
}
