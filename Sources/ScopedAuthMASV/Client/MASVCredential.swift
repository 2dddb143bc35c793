public import ScopedAuth

/// How a ``MASVClient`` authorizes user-level requests: a user session or an API key.
///
/// A user session signs in at `POST /v1/auth` and sends the user token in `X-User-Token`; the session engine
/// signs in again before the token expires, once for any number of concurrent requests. An API key goes in
/// `X-API-KEY` as it is and never expires unless its owner set an expiry.
///
/// ```swift
/// let client = MASVClient(credential: .user(EmailPassword(email: "me@studio.tv", password: Secret(password))))
/// let keyed = MASVClient(credential: .apiKey(Secret(key)))
/// ```
public struct MASVCredential: Sendable, CustomStringConvertible {
    enum Kind: Sendable {
        case user(EmailPassword)
        case apiKey(Secret)
    }

    let kind: Kind

    /// A user session from email and password, refreshed by signing in again before the token expires.
    ///
    /// - Parameter credentials: The user's email and password (MFA must be off for API sign-in).
    /// - Returns: The credential.
    public static func user(_ credentials: EmailPassword) -> MASVCredential { MASVCredential(kind: .user(credentials)) }

    /// A static API key sent in `X-API-KEY`.
    ///
    /// - Parameter key: The key, shown once when it was created.
    /// - Returns: The credential.
    public static func apiKey(_ key: Secret) -> MASVCredential { MASVCredential(kind: .apiKey(key)) }

    /// The credential's kind and, for a user, the email; never a password or key.
    public var description: String {
        switch kind {
        case .user(let credentials): "MASVCredential.user(\(credentials.email))"
        case .apiKey: "MASVCredential.apiKey(<redacted>)"
        }
    }
}
