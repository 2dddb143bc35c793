// expect-error: non-class type 'HandMadeCredential' cannot conform to class protocol 'MassdriverCredential'
// Massdriver: the set of credentials is closed; a user's own type cannot declare itself a credential and pick
// its own header or endpoint.
import ScopedAuth
import ScopedAuthMassdriver

struct HandMadeCredential: MassdriverCredential {
    typealias AcceptedOnV1 = Granted
    typealias AcceptedOnV2 = Granted
    typealias IdentifiesCaller = Granted
    static var defaultAPIVersion: MassdriverAPIVersion<HandMadeCredential> { .v1 }
    var description: String { "mine" }
}
