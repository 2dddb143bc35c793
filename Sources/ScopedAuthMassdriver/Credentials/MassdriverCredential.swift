public import ScopedAuth

/// A way of proving who calls the Massdriver API, and which endpoint accepts it.
///
/// Each credential kind is its own type, so the compiler knows where it may go: ``MassdriverV1Credential``
/// kinds are accepted on `/api/v1`, ``MassdriverV2Credential`` kinds on `/api/v2`, and only
/// ``MassdriverAuthenticatingCredential`` kinds can run queries that need a caller (everything but `server`).
///
/// | Credential | Header | `/api/v1` | `/api/v2` |
/// |---|---|---|---|
/// | ``MassdriverServiceAccountSecret`` | `Authorization: Basic base64(org:secret)` | yes (default) | yes |
/// | ``MassdriverAccessToken`` | `Authorization: Bearer md_…` | no | yes (default) |
/// | ``MassdriverLegacyAPIKey`` (deprecated) | `x-md-api-key` | yes (default) | no |
/// | ``MassdriverEnvironmentCredential`` | Basic or Bearer, by the token's prefix | no | yes (default) |
/// | ``MassdriverNoCredential`` | none | yes (default) | yes |
///
/// ```swift
/// let client = MassdriverClient(
///     credential: MassdriverServiceAccountSecret(organizationID: "acme", secret: secret)
/// )
/// ```
public protocol MassdriverCredential: Sendable, CustomStringConvertible {
    /// The endpoint a client uses when none is given.
    static var defaultAPIVersion: MassdriverAPIVersion<Self> { get }

    /// The token source that puts this credential on requests to the API, or `nil` to send none.
    ///
    /// - Parameter clock: The client's clock, which expiry deadlines refer to.
    /// - Returns: A `StaticToken` (Massdriver credentials are not exchanged), or `nil`.
    func tokenSource(clock: any AuthClock) -> (any TokenSource)?
}

/// A credential that `POST /api/v1` accepts: a service-account secret or the deprecated API key header.
///
/// ``MassdriverAPIVersion/v1`` exists only for these, so an access token cannot be sent to `/api/v1`.
public protocol MassdriverV1Credential: MassdriverCredential {}

/// A credential that `POST /api/v2` accepts: an `md_` access token or a service-account secret.
///
/// ``MassdriverAPIVersion/v2`` exists only for these, so the deprecated `x-md-api-key` cannot be sent there.
public protocol MassdriverV2Credential: MassdriverCredential {}

/// A credential that identifies a caller, required by every operation except `server`.
///
/// ``MassdriverNoCredential`` does not conform, so a credential-less client offers only
/// ``MassdriverClient/server()``.
public protocol MassdriverAuthenticatingCredential: MassdriverCredential {}
