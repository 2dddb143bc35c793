// expect-error: static property 'v1' requires the types 'MassdriverAccessToken.AcceptedOnV1' (aka 'Denied') and 'Granted' be equivalent
// Massdriver: restating an access token's conformance with `AcceptedOnV1 = Granted` does not send a Bearer
// md_ token to /api/v1: the conformance in ScopedAuthMassdriver fixed it to `Denied`.
import ScopedAuth
import ScopedAuthMassdriver

extension MassdriverAccessToken: @retroactive MassdriverCredential {
    public typealias AcceptedOnV1 = Granted
}

func wrongEndpoint(token: MassdriverAccessToken) {
    _ = MassdriverClient(credential: token, apiVersion: .v1)
}
