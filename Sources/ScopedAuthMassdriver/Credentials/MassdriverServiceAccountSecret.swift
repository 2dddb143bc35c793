import Foundation
public import ScopedAuth

/// A service account's secret with its organization, sent as `Authorization: Basic base64(org:secret)`.
///
/// Service-account secrets do not expire; a revoked one is refused with `AuthError.Kind.invalidCredentials`.
/// Both `/api/v1` (the default) and `/api/v2` accept it. The secret never prints.
///
/// ```swift
/// let credential = MassdriverServiceAccountSecret(organizationID: "acme", secret: Secret(token))
/// let client = MassdriverClient(credential: credential)
/// let viewer = try await client.viewer()
/// ```
public struct MassdriverServiceAccountSecret: MassdriverV1Credential, MassdriverV2Credential,
    MassdriverAuthenticatingCredential, Hashable, CustomDebugStringConvertible, CustomReflectable
{
    /// The organization identifier (its slug), the Basic user name.
    public var organizationID: String
    /// The service account's secret, the Basic password.
    public var secret: Secret

    /// Creates service-account credentials.
    ///
    /// - Parameters:
    ///   - organizationID: The organization identifier, such as `acme`.
    ///   - secret: The service account's secret.
    public init(organizationID: String, secret: Secret) {
        self.organizationID = organizationID
        self.secret = secret
    }

    /// `/api/v1`, the endpoint the service-account guide documents.
    public static var defaultAPIVersion: MassdriverAPIVersion<Self> { .v1 }

    /// A static token that stamps `Authorization: Basic base64(organizationID:secret)`.
    ///
    /// - Parameter clock: The client's clock.
    /// - Returns: A `StaticToken` that never expires.
    public func tokenSource(clock: any AuthClock) -> (any TokenSource)? {
        let encoded = Data("\(organizationID):\(secret.revealed)".utf8).base64EncodedString()
        return StaticToken(Secret(encoded), clock: clock, authorize: { request, token in
            request.headers["Authorization"] = "Basic " + token.value.revealed
        })
    }

    /// The organization with the secret redacted.
    public var description: String {
        "MassdriverServiceAccountSecret(organizationID: \(organizationID), secret: <redacted>)"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror that shows the organization and a redacted secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["organizationID": organizationID, "secret": secret], displayStyle: .struct)
    }
}
