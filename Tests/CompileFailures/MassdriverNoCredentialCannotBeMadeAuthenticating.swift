// expect-error: requires the types 'MassdriverNoCredential.IdentifiesCaller' (aka 'Denied') and 'Granted' be equivalent
// Massdriver: a typealias added from outside does not make the absence of a credential identify a caller.
import ScopedAuth
import ScopedAuthMassdriver

extension MassdriverNoCredential {
    public typealias IdentifiesCaller = Granted
}

func whoAmI() async throws {
    _ = try await MassdriverClient(credential: MassdriverNoCredential()).viewer()
}
