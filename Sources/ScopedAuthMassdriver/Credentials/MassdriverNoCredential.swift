public import ScopedAuth

/// No credential: a client that can only ask `server { mode version appUrl }`, which needs no authentication.
///
/// Its ``IdentifiesCaller`` is `Denied`, so `viewer`, `projects` and every other query that needs a caller do
/// not compile on such a client.
///
/// ```swift
/// let server = try await MassdriverClient(credential: MassdriverNoCredential()).server()
/// ```
// Safety of @unchecked Sendable: final, with no stored properties.
public final class MassdriverNoCredential: MassdriverCredentialBase, MassdriverCredential, Hashable,
    @unchecked Sendable
{
    /// Granted: `server` can be asked on `/api/v1`.
    public typealias AcceptedOnV1 = Granted
    /// Granted: `server` can be asked on `/api/v2`.
    public typealias AcceptedOnV2 = Granted
    /// Denied: nothing identifies a caller.
    public typealias IdentifiesCaller = Denied

    /// Creates the absence of a credential.
    override public init() {}

    /// Always `true`: every absence of a credential is the same.
    public static func == (lhs: MassdriverNoCredential, rhs: MassdriverNoCredential) -> Bool { true }

    /// Hashes nothing.
    public func hash(into hasher: inout Hasher) {}

    /// `/api/v1`.
    public static var defaultAPIVersion: MassdriverAPIVersion<MassdriverNoCredential> { .v1 }

    /// `MassdriverNoCredential()`.
    public var description: String { "MassdriverNoCredential()" }
}
