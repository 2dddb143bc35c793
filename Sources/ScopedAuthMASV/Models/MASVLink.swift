public import Foundation
public import ScopedAuth

/// A download link on a package: the id and secret a recipient opens it with.
///
/// The secret never prints; pass it to ``MASVLinks/open(id:secret:password:)``.
///
/// ```swift
/// let link = try await handle.createLink()
/// let download = try await client.links.open(id: link.id, secret: link.secret)
/// ```
public struct MASVLink: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// The link's id.
    public var id: String
    /// The link's secret, part of its URL.
    public var secret: Secret
    /// Whether it works yet (links made during an upload activate when the package is finalized).
    public var isActive: Bool
    /// Whether opening it needs a password.
    public var isPasswordProtected: Bool
    /// When it stops working with its package's storage, or `nil` with unlimited storage.
    public var expiry: Date?

    init(_ wire: MASVWire.Link) {
        id = wire.id
        secret = Secret(wire.secret ?? "")
        isActive = wire.active ?? false
        isPasswordProtected = wire.passwordProtected ?? false
        expiry = MASVWire.date(wire.expiry)
    }

    /// The link's id and state; never the secret.
    public var description: String {
        "MASVLink(id: \(id), active: \(isActive), passwordProtected: \(isPasswordProtected), secret: <redacted>)"
    }
}
