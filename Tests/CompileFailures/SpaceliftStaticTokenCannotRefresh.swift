// expect-error: referencing instance method 'refresh()' on 'SpaceliftClient' requires the types 'StaticToken' and 'TokenSession' be equivalent
// A Spacelift client on a static bearer token has no credential to exchange, so it cannot be refreshed.
import Foundation
import ScopedAuth
import ScopedAuthSpacelift

func refresh(_ client: SpaceliftClient<StaticToken>) async throws {
    try await client.refresh()
}
