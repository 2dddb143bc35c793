public import Foundation

/// The sequence number of a token within one session: 1 for the first token, one more for each refresh.
///
/// Every request is stamped with the generation of the token it carried, so that a rejection (HTTP 401) can be
/// told apart: a rejection of an older generation is replayed with the current token and causes no refresh.
public struct TokenGeneration: RawRepresentable, Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The generation number.
    public var rawValue: UInt64
    /// Creates a generation.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// The generation before any token exists.
    public static let none = TokenGeneration(rawValue: 0)
    /// The generation after this one.
    public var next: TokenGeneration { TokenGeneration(rawValue: rawValue &+ 1) }
    /// Orders generations.
    public static func < (lhs: TokenGeneration, rhs: TokenGeneration) -> Bool { lhs.rawValue < rhs.rawValue }
    /// `g<number>`.
    public var description: String { "g\(rawValue)" }
}

/// A bearer token handed out by a ``TokenSession``: its value, its generation and when it expires.
///
/// The value never prints. ``expiresAt`` is a deadline on the session's monotonic clock, computed when the
/// token arrived from the service's expiry and corrected for the skew between the service's clock and ours.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The token itself.
    public var value: Secret
    /// The token's generation within its session.
    public var generation: TokenGeneration
    /// When the token expires on the session's monotonic clock, or `nil` when the service gave no expiry.
    public var expiresAt: AuthInstant?

    /// Creates a token.
    public init(value: Secret, generation: TokenGeneration, expiresAt: AuthInstant?) {
        self.value = value
        self.generation = generation
        self.expiresAt = expiresAt
    }

    /// The generation and expiry; never the value.
    public var description: String {
        "AccessToken(\(generation), expiresAt: \(expiresAt.map(String.init(describing:)) ?? "never"), value: <redacted>)"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror without the value.
    public var customMirror: Mirror {
        Mirror(self, children: ["generation": generation, "expiresAt": expiresAt as Any], displayStyle: .struct)
    }
}

/// How long a newly issued token lives, in the terms the service states it.
///
/// Any non-empty token string is usable: a token that is not a JWT, or a JWT without `exp`, is a token of unknown
/// expiry, not a malformed answer. Expiry comes, in order, from what the service states (a JWT's `exp`, a
/// `validUntil`, an `expiresAt`), else from the service's documented lifetime used as a refresh horizon
/// (``fromJWT(orLifetime:)``); with no expiry at all the token is used until the service rejects it, then
/// re-exchanged once.
///
/// ```swift
/// IssuedToken(value: jwt, expiry: .fromJWT(orLifetime: .seconds(3600))) // Mudstack: `exp`, else 1 hour
/// IssuedToken(value: jwt, expiry: .at(validUntil))                      // Spacelift: `validUntil`
/// IssuedToken(value: token, expiry: .after(.seconds(3600)))             // an `expires_in` field
/// IssuedToken(value: key, expiry: .never)                                // a static API key
/// ```
public struct TokenExpiry: Sendable, Hashable {
    package enum Storage: Sendable, Hashable {
        case never
        case at(Date)
        case after(Duration)
        case fromJWT(fallback: Duration?)
        /// A token taken from a ``TokenStore``: its wall-clock expiry and whole lifetime (to scale the margins).
        case stored(expiresAt: Date, lifetime: Duration?)
    }

    package let storage: Storage

    /// The token does not expire; it is renewed only when the service rejects it.
    public static let never = TokenExpiry(storage: .never)
    /// Read the `exp` claim of the token if it is a JWT that has one; otherwise the expiry is unknown and the
    /// token is used until the service rejects it.
    public static let fromJWT = TokenExpiry(storage: .fromJWT(fallback: nil))
    /// Read the `exp` claim of the token if it is a JWT that has one; otherwise treat the token as living
    /// `lifetime` from the response that carried it (the service's documented lifetime, a refresh horizon).
    public static func fromJWT(orLifetime lifetime: Duration) -> TokenExpiry {
        TokenExpiry(storage: .fromJWT(fallback: lifetime))
    }
    /// The token expires at a wall-clock time stated by the service's clock.
    public static func at(_ date: Date) -> TokenExpiry { TokenExpiry(storage: .at(date)) }
    /// The token expires this long after the response that carried it.
    public static func after(_ lifetime: Duration) -> TokenExpiry { TokenExpiry(storage: .after(lifetime)) }
}

/// A token as a credential exchange returns it, before the session gives it a generation and a deadline.
public struct IssuedToken: Sendable, Hashable, CustomStringConvertible {
    /// The token.
    public var value: Secret
    /// How the token's expiry is stated.
    public var expiry: TokenExpiry
    /// The `Date` header of the response that carried the token: the service's clock, used to correct skew.
    public var serverDate: Date?

    /// Creates an issued token.
    ///
    /// - Parameters:
    ///   - value: The token.
    ///   - expiry: How its expiry is stated.
    ///   - serverDate: The response's `Date` header, if any (see ``HTTPResponse/serverDate``).
    public init(value: Secret, expiry: TokenExpiry, serverDate: Date? = nil) {
        self.value = value
        self.expiry = expiry
        self.serverDate = serverDate
    }

    /// The expiry; never the value.
    public var description: String { "IssuedToken(expiry: \(expiry.storage), value: <redacted>)" }
}
