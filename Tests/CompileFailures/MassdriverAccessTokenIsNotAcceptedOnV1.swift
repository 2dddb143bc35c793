// expect-error: static property 'v1' requires the types 'MassdriverAccessToken.AcceptedOnV1' (aka 'Denied') and 'Granted' be equivalent
// Massdriver: /api/v1 refuses Bearer access tokens, so `.v1` does not exist for an md_ access token.
import Foundation
import ScopedAuth
import ScopedAuthMassdriver

func wrongEndpoint(token: MassdriverAccessToken) {
    _ = MassdriverClient(credential: token, apiVersion: .v1)
}
