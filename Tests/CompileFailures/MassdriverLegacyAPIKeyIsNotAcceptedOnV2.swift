// expect-error: static property 'v2' requires the types 'MassdriverLegacyAPIKey.AcceptedOnV2' (aka 'Denied') and 'Granted' be equivalent
// Massdriver: /api/v2 ignores the deprecated x-md-api-key header, so `.v2` does not exist for it.
import Foundation
import ScopedAuth
import ScopedAuthMassdriver

func wrongEndpoint(key: MassdriverLegacyAPIKey) {
    _ = MassdriverClient(credential: key, apiVersion: .v2)
}
