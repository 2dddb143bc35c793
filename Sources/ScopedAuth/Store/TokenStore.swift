public import Foundation

/// Where the tokens of a credential live beyond one process: so that a restart costs no exchange, and a fleet of
/// processes shares one token and one refresh instead of each exchanging on its own.
///
/// A ``TokenSession`` given a store loads the credential's token from it before its first exchange, takes a
/// refresh ``TokenLease`` before exchanging, publishes each new token with a compare-and-store on its
/// ``StoredToken/generation``, and, when another holder has the lease, waits for that holder's token instead of
/// exchanging too. A rejection of fleet generation `G` therefore causes one refresh in the whole fleet.
///
/// The store is never on the hot path: a fresh token still comes from the session's lock without I/O. When the
/// store fails or is slow, the session falls back to its local single flight and keeps serving (an event says
/// so): a store never turns a working service into a failing one.
///
/// Every operation is keyed by a ``TokenStoreKey``, which identifies the credential without revealing it. A
/// store keeps tokens encrypted at rest where it can (the PostgreSQL store seals them with AES-GCM under a key the
/// application provides; `FileTokenStore` writes `0600` files and seals with a ``TokenSealer`` when given one).
///
/// Conformances must be safe to call from many tasks and, for a shared store, from many processes at once.
public protocol TokenStore: Sendable {
    /// The token stored for `key`, or `nil` when there is none.
    ///
    /// - Throws: A ``TokenStoreError`` or the store's own error when the store cannot be read; the session then
    ///   carries on without it.
    func load(_ key: TokenStoreKey) async throws -> StoredToken?

    /// Claims the right to refresh the token of `key`, unless the stored token already supersedes `generation`.
    ///
    /// - Parameters:
    ///   - key: The credential.
    ///   - generation: The fleet generation the caller wants to replace (the one that expired or was rejected), or
    ///     `nil` when the caller has no token at all.
    ///   - duration: How long the lease lasts unless released; after it lapses another holder may take over.
    /// - Returns: ``LeaseClaim/acquired(_:)`` to exchange now; ``LeaseClaim/superseded(_:)`` with a stored token
    ///   newer than `generation` (use it, do not exchange); ``LeaseClaim/held(until:)`` when another holder
    ///   refreshes (wait with ``waitForToken(_:newerThan:timeout:)``).
    func claimRefresh(
        _ key: TokenStoreKey, replacing generation: UInt64?, leaseDuration duration: Duration
    ) async throws -> LeaseClaim

    /// Stores `token` for `key` if it is newer than the stored one (compare-and-store by generation), releases
    /// `lease` if given, and wakes the waiters.
    ///
    /// - Returns: What is stored afterwards: `token`, or a newer token another holder stored first.
    func publish(_ token: StoredToken, for key: TokenStoreKey, releasing lease: TokenLease?) async throws -> StoredToken

    /// Gives up `lease` without a new token (the exchange failed), so another holder may claim at once.
    func release(_ lease: TokenLease) async throws

    /// Waits until a token newer than `generation` is stored for `key`, at most `timeout`.
    ///
    /// - Returns: The newer token, or `nil` when none arrived in time (the lease may have lapsed: claim again).
    func waitForToken(_ key: TokenStoreKey, newerThan generation: UInt64?, timeout: Duration) async throws
        -> StoredToken?
}

/// A token as a ``TokenStore`` keeps it: the value, its fleet-wide generation and its wall-clock expiry.
///
/// Expiry is a wall-clock `Date`, because processes share no monotonic clock; a session converts it to its own
/// monotonic deadline when it loads the token. The value never prints.
public struct StoredToken: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The token itself.
    public var value: Secret
    /// The fleet-wide generation: 1 for the first token stored for a key, one more for each later one.
    public var generation: UInt64
    /// When the token expires, or `nil` when the service stated no expiry.
    public var expiresAt: Date?
    /// When the token was received from the service.
    public var issuedAt: Date

    /// Creates a stored token.
    public init(value: Secret, generation: UInt64, expiresAt: Date?, issuedAt: Date) {
        self.value = value
        self.generation = generation
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
    }

    /// The generation and dates; never the value.
    public var description: String {
        "StoredToken(generation: \(generation), expiresAt: \(expiresAt.map { "\($0)" } ?? "never"), value: <redacted>)"
    }

    /// A mirror without the value.
    public var customMirror: Mirror {
        Mirror(self, children: ["generation": generation, "expiresAt": expiresAt as Any, "issuedAt": issuedAt],
               displayStyle: .struct)
    }
}

/// The right to refresh one credential's token, held by one process until it publishes, releases or lapses.
public struct TokenLease: Sendable, Hashable, CustomStringConvertible {
    /// The credential.
    public var key: TokenStoreKey
    /// Identifies this holding of the lease (unique per claim), so a lapsed holder cannot release another's.
    public var holder: String
    /// The generation the holder will publish: one more than the generation stored when the lease was claimed.
    public var nextGeneration: UInt64
    /// When the lease lapses, on the store's clock (for a shared store, the database's clock, not a replica's).
    public var expiresAt: Date

    /// Creates a lease.
    public init(key: TokenStoreKey, holder: String, nextGeneration: UInt64, expiresAt: Date) {
        self.key = key
        self.holder = holder
        self.nextGeneration = nextGeneration
        self.expiresAt = expiresAt
    }

    /// The key, holder and generation.
    public var description: String { "TokenLease(\(key), holder: \(holder), next: \(nextGeneration))" }
}

/// The outcome of ``TokenStore/claimRefresh(_:replacing:leaseDuration:)``.
public enum LeaseClaim: Sendable, Hashable {
    /// This caller holds the lease: exchange, then ``TokenStore/publish(_:for:releasing:)``.
    case acquired(TokenLease)
    /// A token newer than the one to replace is stored already: use it.
    case superseded(StoredToken)
    /// Another holder refreshes until at most this moment (the store's clock): wait for its token.
    case held(until: Date)
}

/// Identifies a credential inside a ``TokenStore`` without revealing it: a keyed hash (HMAC-SHA-256) of the
/// service and the credential's identity, never the account name or the secret.
public struct TokenStoreKey: Sendable, Hashable, CustomStringConvertible {
    /// The key as stored: lowercase hexadecimal.
    public let rawValue: String

    /// Creates a key from its stored form.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The stored form (it reveals nothing about the credential).
    public var description: String { rawValue }
}

/// Seals tokens at rest with a key the application provides.
///
/// The PostgreSQL store ships an AES-GCM sealer; `FileTokenStore` takes any sealer.
public protocol TokenSealer: Sendable {
    /// The sealed form of `plaintext`.
    func seal(_ plaintext: [UInt8]) throws -> [UInt8]
    /// The plaintext of `sealed`.
    ///
    /// - Throws: ``TokenStoreError`` of kind ``TokenStoreError/Kind/unsealable`` when `sealed` was sealed with
    ///   another key or altered.
    func open(_ sealed: [UInt8]) throws -> [UInt8]
}

/// What went wrong inside a ``TokenStore``; never carries a token or a secret.
public struct TokenStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of store failure.
    public enum Kind: String, Sendable, Hashable {
        /// The store could not be reached or did not answer in time.
        case unavailable
        /// A stored record could not be read (corrupt, truncated, unknown format).
        case corrupt
        /// A stored token could not be opened (sealed with another key, or altered).
        case unsealable
        /// The store's schema is not the one this version expects.
        case schemaMismatch
        /// The lease was lost (it lapsed and another holder took it) before publishing.
        case leaseLost
    }

    /// What went wrong.
    public var kind: Kind
    /// A description for people, without secrets.
    public var detail: String

    /// Creates a store error.
    public init(_ kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The kind and detail.
    public var description: String { "TokenStoreError.\(kind.rawValue): \(detail)" }
}
