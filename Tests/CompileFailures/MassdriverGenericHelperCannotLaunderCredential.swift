// expect-error: requires the types 'Credential.IdentifiesCaller' and 'Granted' be equivalent
// Massdriver: a generic helper over any credential cannot run a query that needs a caller.
import ScopedAuthMassdriver

func whoAmI<Credential: MassdriverCredential>(_ client: MassdriverClient<Credential>) async throws {
    _ = try await client.viewer()
}
