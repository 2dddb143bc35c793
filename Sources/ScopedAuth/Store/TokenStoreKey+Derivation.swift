extension TokenStoreKey {
    /// Derives the key of a credential: HMAC-SHA-256, under `keyingKey`, of the service name, the credential's
    /// identity and a digest of its secret.
    ///
    /// The key identifies the credential without revealing it: the account name, key id or email and the secret
    /// cannot be recovered from it, and without `keyingKey` nobody can even test a guess. Including the secret's
    /// digest means a rotated secret gets a new key, so a token of the old secret is never reused for the new one.
    ///
    /// ```swift
    /// let key = TokenStoreKey(service: "spacelift", identity: ["api-key", keyID], secret: keySecret,
    ///                         keyedBy: applicationKey)
    /// ```
    ///
    /// - Parameters:
    ///   - service: The service's name, e.g. `spacelift`.
    ///   - identity: What names the credential inside the service: a kind and a key id, account or email.
    ///   - secret: The credential's secret, when rotating it must give a new key.
    ///   - keyingKey: A key the application provides (at least 16 random bytes), shared by every process of a fleet.
    public init(service: String, identity: [String], secret: Secret? = nil, keyedBy keyingKey: [UInt8]) {
        // Each part is length-prefixed, so that no two different lists of parts hash the same message.
        var message: [UInt8] = Array("scopedauth-token-store-key-v1".utf8)
        func append(_ part: some Collection<UInt8>) {
            let count = UInt64(part.count)
            for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: count >> UInt64(shift))) }
            message.append(contentsOf: part)
        }
        append(Array(service.utf8))
        append([UInt8(truncatingIfNeeded: identity.count)])
        for part in identity { append(Array(part.utf8)) }
        if let secret {
            append(secret.withRevealedValue { SHA256.hash($0.utf8) })
        } else {
            append([UInt8]())
        }
        self.init(rawValue: HMACSHA256.authenticationCode(for: message, key: keyingKey).lowercaseHex)
    }
}

/// A ``TokenStore`` and the settings of a session's use of it; clients take one to share their tokens through it.
///
/// The same configuration serves every credential of an application: each client derives its own
/// ``TokenStoreKey`` from its credential with ``binding(service:identity:secret:)``.
///
/// ```swift
/// let store = try FileTokenStore(directory: cacheDirectory)
/// let sharing = TokenStoreConfiguration(store: store, keyingKey: try store.localKeyingKey())
/// let client = try SpaceliftClient(credential: .apiKey(key), baseURL: endpoint, tokenStore: sharing)
/// ```
public struct TokenStoreConfiguration: Sendable {
    /// Where tokens are kept.
    public var store: any TokenStore
    /// The key under which credentials are turned into ``TokenStoreKey``s (see
    /// ``TokenStoreKey/init(service:identity:secret:keyedBy:)``); the same in every process that shares tokens.
    public var keyingKey: [UInt8]
    /// How long a refresh lease lasts unless released: about the longest credential exchange. Another process
    /// takes over after it lapses (a holder that crashed mid-exchange delays the fleet by at most this).
    public var leaseDuration: Duration
    /// The longest one store call (load, claim, publish, release) may take; a slower store is treated as
    /// unavailable and the session exchanges on its own.
    public var operationTimeout: Duration
    /// The longest a session waits, in total, for another holder's token before exchanging on its own.
    public var maximumWait: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - store: Where tokens are kept.
    ///   - keyingKey: The key credentials are hashed under (at least 16 random bytes, the same fleet-wide).
    ///   - leaseDuration: How long a refresh lease lasts unless released (15 s by default).
    ///   - operationTimeout: The longest one store call may take before the session falls back (2 s by default).
    ///   - maximumWait: The longest a session waits for another holder's token before falling back (20 s by
    ///     default).
    public init(
        store: any TokenStore, keyingKey: [UInt8], leaseDuration: Duration = TokenStoreDefaults.leaseDuration,
        operationTimeout: Duration = TokenStoreDefaults.operationTimeout,
        maximumWait: Duration = TokenStoreDefaults.maximumWait
    ) {
        self.store = store
        self.keyingKey = keyingKey
        self.leaseDuration = leaseDuration
        self.operationTimeout = operationTimeout
        self.maximumWait = maximumWait
    }

    /// The binding of one credential: its key derived under ``keyingKey``, with these settings.
    ///
    /// - Parameters:
    ///   - service: The service's name.
    ///   - identity: What names the credential inside the service (a kind and a key id, account or email).
    ///   - secret: The credential's secret, so that a rotated secret gets a new key.
    public func binding(service: String, identity: [String], secret: Secret? = nil) -> TokenStoreBinding {
        TokenStoreBinding(
            store: store, key: TokenStoreKey(service: service, identity: identity, secret: secret, keyedBy: keyingKey),
            leaseDuration: leaseDuration, operationTimeout: operationTimeout, maximumWait: maximumWait)
    }
}

/// The settings a ``TokenStoreConfiguration`` or ``TokenStoreBinding`` has unless told otherwise, in one place.
@usableFromInline
enum TokenStoreDefaults {
    /// A refresh lease: about the longest credential exchange.
    @usableFromInline static let leaseDuration: Duration = .seconds(15)
    /// One store call.
    @usableFromInline static let operationTimeout: Duration = .seconds(2)
    /// The total wait for another holder's token.
    @usableFromInline static let maximumWait: Duration = .seconds(20)
}

/// One credential's place in a ``TokenStore``: the store, the credential's key and the session's settings for it.
///
/// Give it to ``TokenSession/init(exchange:policy:clock:label:store:)``.
public struct TokenStoreBinding: Sendable {
    /// Where the token is kept.
    public var store: any TokenStore
    /// The credential's key.
    public var key: TokenStoreKey
    /// See ``TokenStoreConfiguration/leaseDuration``.
    public var leaseDuration: Duration
    /// See ``TokenStoreConfiguration/operationTimeout``.
    public var operationTimeout: Duration
    /// See ``TokenStoreConfiguration/maximumWait``.
    public var maximumWait: Duration

    /// Creates a binding.
    ///
    /// - Parameters:
    ///   - store: Where the token is kept.
    ///   - key: The credential's key.
    ///   - leaseDuration: How long a refresh lease lasts unless released (15 s by default).
    ///   - operationTimeout: The longest one store call may take before the session falls back (2 s by default).
    ///   - maximumWait: The longest a session waits for another holder's token before falling back (20 s by
    ///     default).
    public init(
        store: any TokenStore, key: TokenStoreKey, leaseDuration: Duration = TokenStoreDefaults.leaseDuration,
        operationTimeout: Duration = TokenStoreDefaults.operationTimeout,
        maximumWait: Duration = TokenStoreDefaults.maximumWait
    ) {
        self.store = store
        self.key = key
        self.leaseDuration = leaseDuration
        self.operationTimeout = operationTimeout
        self.maximumWait = maximumWait
    }
}
