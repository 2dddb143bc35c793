// expect-error: requires the types 'MassdriverNoCredential.IdentifiesCaller' (aka 'Denied') and 'Granted' be equivalent
// Massdriver: a credential-less client cannot page through projects either.
import Foundation
import ScopedAuth
import ScopedAuthMassdriver

func list() async throws {
    let server = MassdriverClient(credential: MassdriverNoCredential())
    for try await _ in server.projects(organizationID: "acme") {}
}
