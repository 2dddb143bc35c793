// expect-error: requires that 'MassdriverLegacyAPIKey' conform to 'MassdriverV2Credential'
// Massdriver: /api/v2 ignores the deprecated x-md-api-key header, so `.v2` does not exist for it.
import Foundation
import ScopedAuth
import ScopedAuthMassdriver

func wrongEndpoint(key: MassdriverLegacyAPIKey) {
    _ = MassdriverClient(credential: key, apiVersion: .v2)
}
