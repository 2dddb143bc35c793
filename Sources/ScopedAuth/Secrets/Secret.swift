/// A string that must never be shown: a password, an API key secret, a token.
///
/// `Secret` prints as `<redacted>` in `description`, `debugDescription`, string interpolation, `dump` and
/// `Mirror`. Read the value only where it is sent, with ``withRevealedValue(_:)`` or ``revealed``.
///
/// ```swift
/// let secret = Secret("s3cr3t")
/// String(describing: secret)   // "<redacted>"
/// "token: \(secret)"             // "token: <redacted>"
/// ```
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps a secret value.
    public init(_ value: String) {
        self.value = value
    }

    /// The secret value itself. Use it only to put the secret on the wire.
    public var revealed: String { value }

    /// Calls `body` with the secret value and returns its result.
    public func withRevealedValue<Result, Failure: Error>(
        _ body: (String) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(value)
    }

    /// Whether the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// Always `Secret(<redacted>)`.
    public var debugDescription: String { "Secret(<redacted>)" }

    /// A mirror with no children, so `dump` and reflection reveal nothing.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Compares two secrets in time that does not depend on where they first differ.
    public static func == (lhs: Secret, rhs: Secret) -> Bool {
        let left = Array(lhs.value.utf8)
        let right = Array(rhs.value.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? left[index] : 0
            let r = index < right.count ? right[index] : 0
            difference |= l ^ r
        }
        return difference == 0
    }

    /// Hashes the secret value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}

/// An email address and password, as MASV and MetaKraftwerk accept for sign-in.
///
/// The password never prints; the email does, because it identifies the account in logs and errors.
public struct EmailPassword: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The account's email address.
    public var email: String
    /// The account's password.
    public var password: Secret

    /// Creates email-and-password credentials.
    public init(email: String, password: Secret) {
        self.email = email
        self.password = password
    }

    /// The email with the password redacted.
    public var description: String { "EmailPassword(email: \(email), password: <redacted>)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror that shows the email and a redacted password.
    public var customMirror: Mirror {
        Mirror(self, children: ["email": email, "password": password], displayStyle: .struct)
    }
}

/// A key identifier and its secret, as Spacelift and Mudstack issue them.
///
/// The identifier prints (it is how a user recognises a key); the secret never does.
public struct KeyAndSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The key's identifier.
    public var id: String
    /// The key's secret.
    public var secret: Secret

    /// Creates key-and-secret credentials.
    public init(id: String, secret: Secret) {
        self.id = id
        self.secret = secret
    }

    /// The identifier with the secret redacted.
    public var description: String { "KeyAndSecret(id: \(id), secret: <redacted>)" }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror that shows the identifier and a redacted secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["id": id, "secret": secret], displayStyle: .struct)
    }
}
