import ScopedAuth

/// A way of proving who calls the Massdriver API: one of the five credential types this module ships.
///
/// Each credential kind is its own type, and what it may do is carried by its associated types, each `Granted`
/// or `Denied`: ``AcceptedOnV1`` and ``AcceptedOnV2`` decide which endpoint (``MassdriverAPIVersion``) exists
/// for it, and ``IdentifiesCaller`` whether queries that need a caller (everything but `server`) exist.
///
/// | Credential | Header | `/api/v1` | `/api/v2` | identifies a caller |
/// |---|---|---|---|---|
/// | ``MassdriverServiceAccountSecret`` | `Authorization: Basic base64(org:secret)` | yes (default) | yes | yes |
/// | ``MassdriverAccessToken`` | `Authorization: Bearer md_…` | no | yes (default) | yes |
/// | ``MassdriverLegacyAPIKey`` (deprecated) | `x-md-api-key` | yes (default) | no | yes |
/// | ``MassdriverEnvironmentCredential`` | Basic or Bearer, by the token's prefix | no | yes (default) | yes |
/// | ``MassdriverNoCredential`` | none | yes (default) | yes | no |
///
/// The set is closed. Every credential is a final subclass of ``MassdriverCredentialBase``, a class no other
/// module can subclass, so no other type can conform; and the SDK, not the caller, decides the header each one
/// is sent in. Another module cannot declare a credential of its own, nor make one of these say that another
/// endpoint accepts it.
///
/// ```swift
/// let client = MassdriverClient(
///     credential: MassdriverServiceAccountSecret(organizationID: "acme", secret: secret)
/// )
/// ```
public protocol MassdriverCredential: MassdriverCredentialBase, CustomStringConvertible {
    /// `Granted` when `POST /api/v1` accepts this credential, so ``MassdriverAPIVersion/v1`` exists for it.
    associatedtype AcceptedOnV1
    /// `Granted` when `POST /api/v2` accepts this credential, so ``MassdriverAPIVersion/v2`` exists for it.
    associatedtype AcceptedOnV2
    /// `Granted` when the credential identifies a caller, so `viewer`, `projects` and every other query that
    /// needs one exist.
    associatedtype IdentifiesCaller

    /// The endpoint a client uses when none is given.
    static var defaultAPIVersion: MassdriverAPIVersion<Self> { get }
}

/// The class every Massdriver credential inherits from; it is not `open`, so no other module can add one.
///
/// You never use it directly: it exists so that ``MassdriverCredential`` is a closed set, and it keeps how each
/// credential is put on a request inside the SDK.
// Safety of @unchecked Sendable: the class has no stored properties, and its only subclasses are the final
// credential classes of this module, whose stored properties are all `let` constants of Sendable types.
public class MassdriverCredentialBase: @unchecked Sendable {
    init() {}

    /// The token source that puts this credential on requests to the API, or `nil` to send none.
    func tokenSource(clock: any AuthClock) -> (any TokenSource)? { nil }
}
