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
// Safety of @unchecked Sendable: final, and its stored properties are `let` constants of Sendable types.
public final class MassdriverServiceAccountSecret: MassdriverCredentialBase, MassdriverCredential, Hashable,
    CustomDebugStringConvertible, CustomReflectable, @unchecked Sendable
{
    /// Granted: `/api/v1` documents Basic service-account authentication.
    public typealias AcceptedOnV1 = Granted
    /// Granted: `/api/v2` still accepts Basic.
    public typealias AcceptedOnV2 = Granted
    /// Granted: the secret identifies its service account.
    public typealias IdentifiesCaller = Granted

    /// The organization identifier (its slug), the Basic user name.
    public let organizationID: String
    /// The service account's secret, the Basic password.
    public let secret: Secret

    /// Creates service-account credentials.
    ///
    /// - Parameters:
    ///   - organizationID: The organization identifier, such as `acme`.
    ///   - secret: The service account's secret.
    public init(organizationID: String, secret: Secret) {
        self.organizationID = organizationID
        self.secret = secret
    }

    /// Whether both name the same organization and secret.
    public static func == (lhs: MassdriverServiceAccountSecret, rhs: MassdriverServiceAccountSecret) -> Bool {
        lhs.organizationID == rhs.organizationID && lhs.secret == rhs.secret
    }

    /// Hashes the organization and secret.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(organizationID)
        hasher.combine(secret)
    }

    /// `/api/v1`, the endpoint the service-account guide documents.
    public static var defaultAPIVersion: MassdriverAPIVersion<MassdriverServiceAccountSecret> { .v1 }

    /// A static token, never expiring, that stamps `Authorization: Basic base64(organizationID:secret)`.
    override func tokenSource(clock: any AuthClock) -> (any TokenSource)? {
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
