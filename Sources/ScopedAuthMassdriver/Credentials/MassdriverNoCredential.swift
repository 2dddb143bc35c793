public import ScopedAuth

/// No credential: a client that can only ask `server { mode version appUrl }`, which needs no authentication.
///
/// It is not a ``MassdriverAuthenticatingCredential``, so `viewer`, `projects` and every other query that
/// needs a caller do not compile on such a client.
///
/// ```swift
/// let server = try await MassdriverClient(credential: MassdriverNoCredential()).server()
/// ```
public struct MassdriverNoCredential: MassdriverV1Credential, MassdriverV2Credential, Hashable {
    /// Creates the absence of a credential.
    public init() {}

    /// `/api/v1`.
    public static var defaultAPIVersion: MassdriverAPIVersion<Self> { .v1 }

    /// Always `nil`: nothing is put on requests.
    ///
    /// - Parameter clock: Unused.
    /// - Returns: `nil`.
    public func tokenSource(clock: any AuthClock) -> (any TokenSource)? { nil }

    /// `MassdriverNoCredential()`.
    public var description: String { "MassdriverNoCredential()" }
}
