// expect-error: requires that 'MassdriverAccessToken' conform to 'MassdriverV1Credential'
// Massdriver: /api/v1 refuses Bearer access tokens, so `.v1` does not exist for an md_ access token.
import Foundation
import ScopedAuth
import ScopedAuthMassdriver

func wrongEndpoint(token: MassdriverAccessToken) {
    _ = MassdriverClient(credential: token, apiVersion: .v1)
}
