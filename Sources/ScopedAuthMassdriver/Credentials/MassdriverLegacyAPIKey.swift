public import ScopedAuth

/// A service-account secret sent in the deprecated `x-md-api-key` header, accepted on `/api/v1` only.
///
/// Massdriver deprecated this header and will remove it; use ``MassdriverServiceAccountSecret`` (Basic) instead.
/// It is available only by explicit opt-in: creating one is marked deprecated, so the compiler reminds every
/// caller to migrate. ``MassdriverAPIVersion/v2`` does not exist for this type, because `/api/v2` ignores the
/// header.
///
/// ```swift
/// let legacy = MassdriverLegacyAPIKey(Secret(key))   // warning: deprecated
/// let client = MassdriverClient(credential: legacy)  // POST /api/v1 with x-md-api-key
/// ```
// Safety of @unchecked Sendable: final, and its stored property is a `let` constant of a Sendable type.
public final class MassdriverLegacyAPIKey: MassdriverCredentialBase, MassdriverCredential, Hashable,
    CustomDebugStringConvertible, CustomReflectable, @unchecked Sendable
{
    /// Granted: `/api/v1` still reads the deprecated header.
    public typealias AcceptedOnV1 = Granted
    /// Denied: `/api/v2` ignores `x-md-api-key`.
    public typealias AcceptedOnV2 = Denied
    /// Granted: the key identifies its service account.
    public typealias IdentifiesCaller = Granted

    /// The key (a service-account secret).
    public let key: Secret

    /// Opts in to the deprecated `x-md-api-key` header.
    ///
    /// - Parameter key: The service-account secret.
    @available(*, deprecated, message: "x-md-api-key is deprecated by Massdriver; use MassdriverServiceAccountSecret (Basic)")
    public init(_ key: Secret) {
        self.key = key
    }

    /// Whether both hold the same key.
    public static func == (lhs: MassdriverLegacyAPIKey, rhs: MassdriverLegacyAPIKey) -> Bool { lhs.key == rhs.key }

    /// Hashes the key.
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// `/api/v1`, the only endpoint that reads the header.
    public static var defaultAPIVersion: MassdriverAPIVersion<MassdriverLegacyAPIKey> { .v1 }

    /// A static token, never expiring, that stamps `x-md-api-key`.
    override func tokenSource(clock: any AuthClock) -> (any TokenSource)? {
        StaticToken(key, clock: clock, authorize: { request, token in
            request.headers.add(name: "x-md-api-key", value: token.value.revealed, isSensitive: true)
        })
    }

    /// Always `MassdriverLegacyAPIKey(key: <redacted>)`.
    public var description: String { "MassdriverLegacyAPIKey(key: <redacted>)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror with only a redacted key.
    public var customMirror: Mirror { Mirror(self, children: ["key": key], displayStyle: .struct) }
}
