// expect-compiles
// The Spacelift control snippet: a session client refreshes, and both token kinds run the same queries.
import Foundation
import ScopedAuth
import ScopedAuthSpacelift

func control(endpoint: URL, key: KeyAndSecret, token: Secret) async throws {
    let session = try SpaceliftClient(credential: .apiKey(key), baseURL: endpoint)
    try await session.refresh()
    _ = try await session.stacks()
    let fixed = try SpaceliftClient(token: token)
    _ = try await fixed.viewer()
    _ = try await fixed.currentToken()
}
