public import Foundation
public import ScopedAuth

/// An `md_…` access token, sent as `Authorization: Bearer md_…` to `/api/v2`, with the `expiresAt` the API gave.
///
/// Access tokens come from `createAccessToken(input: {expiresInMinutes})` (60 minutes by default) and cannot be
/// renewed by the SDK. The client turns ``expiresAt`` into a deadline on its monotonic clock when it is created;
/// once that deadline passes, every call fails with `AuthError.Kind.tokenExpired` before a request
/// is sent. `/api/v1` does not accept access tokens, so ``MassdriverAPIVersion/v1`` does not exist for this type.
///
/// ```swift
/// let token = MassdriverAccessToken(Secret("md_…"), expiresAt: expiresAt)
/// let client = MassdriverClient(credential: token)   // POST /api/v2
/// ```
// Safety of @unchecked Sendable: final, and its stored properties are `let` constants of Sendable types.
public final class MassdriverAccessToken: MassdriverCredentialBase, MassdriverCredential, Hashable,
    CustomDebugStringConvertible, CustomReflectable, @unchecked Sendable
{
    /// Denied: `/api/v1` does not accept access tokens.
    public typealias AcceptedOnV1 = Denied
    /// Granted: `/api/v2` accepts `Bearer md_…`.
    public typealias AcceptedOnV2 = Granted
    /// Granted: an access token identifies its owner.
    public typealias IdentifiesCaller = Granted

    /// The token, including its `md_` (or `mds_`) prefix.
    public let token: Secret
    /// When the API stops accepting the token (its `expiresAt`), or `nil` when unknown.
    public let expiresAt: Date?

    /// Creates an access token credential.
    ///
    /// - Parameters:
    ///   - token: The token, such as `md_…`.
    ///   - expiresAt: The token's `expiresAt` as the API returned it; `nil` when unknown (the API then decides).
    public init(_ token: Secret, expiresAt: Date?) {
        self.token = token
        self.expiresAt = expiresAt
    }

    /// Whether both hold the same token and expiry.
    public static func == (lhs: MassdriverAccessToken, rhs: MassdriverAccessToken) -> Bool {
        lhs.token == rhs.token && lhs.expiresAt == rhs.expiresAt
    }

    /// Hashes the token and expiry.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(token)
        hasher.combine(expiresAt)
    }

    /// `/api/v2`, the only endpoint that accepts access tokens.
    public static var defaultAPIVersion: MassdriverAPIVersion<MassdriverAccessToken> { .v2 }

    /// A static `Bearer` token whose expiry is ``expiresAt`` moved onto `clock`'s monotonic timeline now; it
    /// throws `AuthError.Kind.tokenExpired` once past the expiry.
    override func tokenSource(clock: any AuthClock) -> (any TokenSource)? {
        let deadline = expiresAt.map { expiresAt in
            clock.now + .clampedSeconds(expiresAt.timeIntervalSince(clock.wallClockNow))
        }
        return StaticToken(token, expiresAt: deadline, clock: clock)
    }

    /// The expiry with the token redacted.
    public var description: String {
        "MassdriverAccessToken(expiresAt: \(expiresAt.map { "\($0)" } ?? "unknown"), token: <redacted>)"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror that shows the expiry and a redacted token.
    public var customMirror: Mirror {
        Mirror(self, children: ["expiresAt": expiresAt as Any, "token": token], displayStyle: .struct)
    }
}
