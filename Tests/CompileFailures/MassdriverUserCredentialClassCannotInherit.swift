// expect-error: cannot inherit from non-open class 'MassdriverCredentialBase' outside of its defining module
// Massdriver: a user class cannot join the closed set either: the credentials' base class is not open.
import ScopedAuth
import ScopedAuthMassdriver

final class HandMadeCredential: MassdriverCredentialBase, MassdriverCredential, @unchecked Sendable {
    typealias AcceptedOnV1 = Granted
    typealias AcceptedOnV2 = Granted
    typealias IdentifiesCaller = Granted
    static var defaultAPIVersion: MassdriverAPIVersion<HandMadeCredential> { .v1 }
    var description: String { "mine" }
}
