// expect-error: requires the types 'MassdriverNoCredential.IdentifiesCaller' (aka 'Denied') and 'Granted' be equivalent
// Massdriver: a credential-less client may ask `server` only; `viewer` needs a caller.
import Foundation
import ScopedAuth
import ScopedAuthMassdriver

func whoAmI(server: MassdriverClient<MassdriverNoCredential>) async throws {
    _ = try await server.viewer()
}
