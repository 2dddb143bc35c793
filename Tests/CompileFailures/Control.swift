// expect-compiles
// The control snippet: correct uses of the public API must type-check, so a broken harness cannot pass.
import ScopedAuth

func control(session: TokenSession) async throws {
    let token = try await session.token()
    _ = token.generation
    let secret = Secret("s")
    _ = secret.revealed
}
