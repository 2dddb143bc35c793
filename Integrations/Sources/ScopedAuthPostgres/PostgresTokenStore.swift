import Foundation
public import Logging
import NIOCore
public import PostgresNIO
public import ScopedAuth
public import ServiceLifecycle
import Synchronization

/// A ``TokenStore`` in PostgreSQL, so that a fleet of processes shares one token and one refresh per credential.
///
/// One row per credential in a table it creates if missing (``Configuration/table``):
///
/// | Column | Holds |
/// | --- | --- |
/// | `key` | the ``TokenStoreKey`` (a keyed hash: it reveals neither the account nor the secret) |
/// | `generation` | the fleet generation of the stored token (compare-and-store: only a higher one replaces it) |
/// | `sealed` | the token, its generation and dates, sealed with AES-GCM (``AESGCMTokenSealer``) |
/// | `key_id` | the id of the sealing key, so rows sealed under another key are recognised |
/// | `expires_at` | the token's expiry, in clear for operators (the sealed copy is the one the store trusts) |
/// | `lease_holder`, `lease_until` | the refresh lease: who refreshes, until when **on the database's clock** |
///
/// - Leases are decided by the database's clock (`clock_timestamp()`), never by a replica's, so replicas with
///   skewed clocks still agree on when a lease lapses.
/// - Compare-and-store is one `INSERT … ON CONFLICT … WHERE generation < new` statement.
/// - Waiters are woken by `LISTEN/NOTIFY` while ``run()`` runs, and poll every ``Configuration/pollInterval``
///   otherwise (or when the listening connection drops).
/// - Every failure is a ``TokenStoreError``: `unavailable` (no connection, timeout, dropped connection),
///   `corrupt` (an unreadable row), `unsealable` (a row sealed with another key, or altered), `schemaMismatch`
///   (the table exists with another schema). A session treats each as "carry on with the local single flight".
///
/// Run the client and the store's listener for the life of the process:
///
/// ```swift
/// let postgres = PostgresClient(configuration: .init(host: "db", username: "app", password: pw, database: "app", tls: .disable))
/// let store = PostgresTokenStore(client: postgres, sealer: try AESGCMTokenSealer(key: key, keyID: "2026-11"))
/// // ServiceGroup(services: [postgres, store, …]) or a task group running postgres.run() and store.run()
/// ```
public final class PostgresTokenStore: TokenStore, Service, CustomStringConvertible {
    /// Settings of a ``PostgresTokenStore``.
    public struct Configuration: Sendable {
        /// The table (created if missing): lowercase letters, digits and underscores, starting with a letter.
        public var table: String
        /// How often a waiter looks at the row when no notification arrives.
        public var pollInterval: Duration
        /// How long one store operation may take before it fails with ``TokenStoreError/Kind/unavailable``.
        public var operationTimeout: Duration
        /// How long the listener waits before listening again after its connection dropped.
        public var reconnectDelay: Duration

        /// Creates settings.
        public init(
            table: String = "scopedauth_tokens", pollInterval: Duration = .milliseconds(500),
            operationTimeout: Duration = .seconds(3), reconnectDelay: Duration = .seconds(1)
        ) {
            self.table = table
            self.pollInterval = pollInterval
            self.operationTimeout = operationTimeout
            self.reconnectDelay = reconnectDelay
        }
    }

    /// The schema marker the store writes as the table's comment and checks before first use.
    public static let schemaMarker = "scopedauth token store, schema 1"

    private let client: PostgresClient
    private let sealer: AESGCMTokenSealer
    private let configuration: Configuration
    private let clock: any AuthClock
    private let logger: Logger
    private let wakeups: Wakeups
    private let schema = Mutex<SchemaState>(.unchecked)

    private enum SchemaState {
        case unchecked
        case ready
        case mismatch(TokenStoreError)
    }

    /// Creates a store on `client`, sealing tokens with `sealer`.
    ///
    /// - Parameters:
    ///   - client: A postgres-nio client; run it (``PostgresClient/run()``) for the life of the store.
    ///   - sealer: Seals and opens tokens; every process of a fleet needs the same key and key id.
    ///   - configuration: Table and timing settings.
    ///   - clock: The clock for timeouts and polling (the lease itself is on the database's clock).
    ///   - logger: Where the listener reports dropped connections.
    public init(
        client: PostgresClient, sealer: AESGCMTokenSealer, configuration: Configuration = Configuration(),
        clock: any AuthClock = SystemAuthClock(), logger: Logger = Logger(label: "scopedauth.postgres")
    ) {
        self.client = client
        self.sealer = sealer
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.wakeups = Wakeups(clock: clock)
    }

    /// The table and key id.
    public var description: String { "PostgresTokenStore(table: \(configuration.table), keyID: \(sealer.keyID))" }

    private var channel: String { configuration.table + "_changed" }

    // MARK: Schema

    /// Creates the table if it is missing and checks the schema of an existing one.
    ///
    /// Every operation calls it once; call it at start to fail early.
    ///
    /// - Throws: ``TokenStoreError/Kind/schemaMismatch`` when the table exists with another schema,
    ///   ``TokenStoreError/Kind/unavailable`` when the database cannot be reached.
    public func prepare() async throws {
        switch schema.withLock({ $0 }) {
        case .ready: return
        case .mismatch(let error): throw error
        case .unchecked: break
        }
        let table = try Self.checkedTable(configuration.table)
        do {
            try await timed {
                try await self.client.withConnection { connection in
                    try await self.createOrCheck(table, on: connection)
                }
            }
            schema.withLock { $0 = .ready }
        } catch let error as TokenStoreError where error.kind == .schemaMismatch {
            schema.withLock { $0 = .mismatch(error) }
            throw error
        }
    }

    private func createOrCheck(_ table: String, on connection: PostgresConnection) async throws {
        // Many processes start at once: one creates the table, under an advisory lock, the others then check it.
        _ = try await connection.query("BEGIN", logger: quiet)
        do {
            _ = try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtext(\(table)))", logger: quiet)
            let exists = try await connection.query(
                "SELECT to_regclass(\(table)) IS NOT NULL", logger: quiet
            ).collect().first?.decode(Bool.self) ?? false
            if !exists {
                _ = try await connection.query("""
                    CREATE TABLE \(unescaped: table) (
                        key text PRIMARY KEY,
                        generation bigint NOT NULL DEFAULT 0,
                        sealed bytea,
                        key_id text,
                        expires_at timestamptz,
                        lease_holder text,
                        lease_until timestamptz,
                        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
                    )
                    """, logger: quiet)
                _ = try await connection.query(
                    "COMMENT ON TABLE \(unescaped: table) IS '\(unescaped: Self.schemaMarker)'", logger: quiet)
            }
            let marker = try await connection.query(
                "SELECT obj_description(to_regclass(\(table)), 'pg_class')", logger: quiet
            ).collect().first?.decode(String?.self) ?? nil
            var columns: [String: String] = [:]
            for try await (name, type) in try await connection.query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_name = \(table) AND table_schema = current_schema()",
                logger: quiet
            ).decode((String, String).self) {
                columns[name] = type
            }
            _ = try await connection.query("COMMIT", logger: quiet)
            let expected = [
                "key": "text", "generation": "bigint", "sealed": "bytea", "key_id": "text",
                "expires_at": "timestamp with time zone", "lease_holder": "text",
                "lease_until": "timestamp with time zone",
            ]
            guard marker == Self.schemaMarker, expected.allSatisfy({ columns[$0.key] == $0.value }) else {
                throw TokenStoreError(
                    .schemaMismatch,
                    detail: "table \(table) exists with marker '\(marker ?? "none")' and columns "
                        + "\(columns.keys.sorted()); this version expects '\(Self.schemaMarker)'")
            }
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: quiet)
            throw error
        }
    }

    // MARK: TokenStore

    /// The token stored for `key`, opened with the sealer; `nil` when there is none.
    ///
    /// - Throws: ``TokenStoreError``: `corrupt` or `unsealable` for a row this store cannot open.
    public func load(_ key: TokenStoreKey) async throws -> StoredToken? {
        try await prepare()
        let table = configuration.table
        let row = try await timed {
            try await self.client.query(
                "SELECT generation, sealed, key_id FROM \(unescaped: table) WHERE key = \(key.rawValue) AND sealed IS NOT NULL"
            ).decode((Int64, ByteBuffer, String?).self).first { _ in true }
        }
        guard let (generation, sealed, keyID) = row else { return nil }
        return try open(sealed, keyID: keyID, generation: generation, key: key)
    }

    /// Claims the refresh lease of `key` unless a live stored token supersedes `generation`.
    ///
    /// The lease is free when it has no holder or its `lease_until` has passed on the database's clock. An
    /// expired stored token never supersedes (it is not served); a row this store cannot open (another key,
    /// corrupt) never supersedes either: the claim takes the lease so that the holder's token replaces the row.
    public func claimRefresh(
        _ key: TokenStoreKey, replacing generation: UInt64?, leaseDuration duration: Duration
    ) async throws -> LeaseClaim {
        try await prepare()
        let table = configuration.table
        let replacing = Int64(clamping: generation ?? 0)
        let milliseconds = max(Int64(1), duration.wholeMilliseconds)
        for _ in 0..<8 {
            let holder = UUID().uuidString
            let claimed = try await timed {
                _ = try await self.client.query(
                    "INSERT INTO \(unescaped: table) (key) VALUES (\(key.rawValue)) ON CONFLICT (key) DO NOTHING")
                return try await self.client.query("""
                    UPDATE \(unescaped: table)
                    SET lease_holder = \(holder),
                        lease_until = clock_timestamp() + \(milliseconds)::float8 * interval '1 millisecond'
                    WHERE key = \(key.rawValue)
                      AND (lease_until IS NULL OR lease_until <= clock_timestamp())
                      AND NOT (sealed IS NOT NULL AND generation > \(replacing)
                               AND (expires_at IS NULL OR expires_at > clock_timestamp()))
                    RETURNING GREATEST(generation, \(replacing)) + 1, lease_until
                    """).decode((Int64, Date).self).first { _ in true }
            }
            if let (next, until) = claimed {
                return .acquired(TokenLease(key: key, holder: holder, nextGeneration: UInt64(next), expiresAt: until))
            }
            // Not ours: superseded, or held by another (both read on the database's clock).
            let state = try await timed {
                try await self.client.query("""
                    SELECT generation, sealed, key_id,
                           sealed IS NOT NULL AND generation > \(replacing)
                               AND (expires_at IS NULL OR expires_at > clock_timestamp()),
                           lease_until > clock_timestamp(), lease_until
                    FROM \(unescaped: table) WHERE key = \(key.rawValue)
                    """).decode((Int64, ByteBuffer?, String?, Bool?, Bool?, Date?).self).first { _ in true }
            }
            guard let (stored, sealed, keyID, supersedes, leaseLive, until) = state else { continue }
            if supersedes == true, let sealed {
                do {
                    return .superseded(try open(sealed, keyID: keyID, generation: stored, key: key))
                } catch let error as TokenStoreError where error.kind == .corrupt || error.kind == .unsealable {
                    if let lease = try await claimUnreadable(key, generation: stored, sealed: sealed, duration: milliseconds) {
                        return .acquired(lease)
                    }
                    if leaseLive == true, let until { return .held(until: until) }
                    continue
                }
            }
            if leaseLive == true, let until { return .held(until: until) }
            // The lease was released between the two statements: claim again.
        }
        throw TokenStoreError(.unavailable, detail: "the lease of \(key) changed hands too often to claim")
    }

    /// Takes the lease over a row this store cannot open, if the lease is free and the row unchanged.
    private func claimUnreadable(
        _ key: TokenStoreKey, generation: Int64, sealed: ByteBuffer, duration milliseconds: Int64
    ) async throws -> TokenLease? {
        let table = configuration.table
        let holder = UUID().uuidString
        let claimed = try await timed {
            try await self.client.query("""
                UPDATE \(unescaped: table)
                SET lease_holder = \(holder),
                    lease_until = clock_timestamp() + \(milliseconds)::float8 * interval '1 millisecond'
                WHERE key = \(key.rawValue) AND generation = \(generation) AND sealed = \(sealed)
                  AND (lease_until IS NULL OR lease_until <= clock_timestamp())
                RETURNING generation + 1, lease_until
                """).decode((Int64, Date).self).first { _ in true }
        }
        return claimed.map { TokenLease(key: key, holder: holder, nextGeneration: UInt64($0.0), expiresAt: $0.1) }
    }

    /// Stores `token` if its generation is higher than the stored one, in one statement that also releases
    /// `lease` and notifies the waiters; returns what is stored afterwards.
    public func publish(_ token: StoredToken, for key: TokenStoreKey, releasing lease: TokenLease?) async throws
        -> StoredToken
    {
        try await prepare()
        let table = configuration.table
        let generation = Int64(clamping: token.generation)
        let sealed = try seal(token, key: key)
        let holder = lease?.holder ?? ""
        let expiresAt = token.expiresAt
        let stored = try await timed {
            try await self.client.query("""
                WITH stored AS (
                    INSERT INTO \(unescaped: table) AS t (key, generation, sealed, key_id, expires_at, updated_at)
                    VALUES (\(key.rawValue), \(generation), \(ByteBuffer(bytes: sealed)), \(self.sealer.keyID),
                            \(expiresAt), clock_timestamp())
                    ON CONFLICT (key) DO UPDATE SET
                        generation = EXCLUDED.generation, sealed = EXCLUDED.sealed, key_id = EXCLUDED.key_id,
                        expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at,
                        lease_holder = CASE WHEN t.lease_holder = \(holder) THEN NULL ELSE t.lease_holder END,
                        lease_until = CASE WHEN t.lease_holder = \(holder) THEN NULL ELSE t.lease_until END
                    WHERE t.generation < EXCLUDED.generation
                    RETURNING t.key, t.generation
                )
                SELECT generation, pg_notify(\(self.channel), key) FROM stored
                """).decode((Int64, String).self).first { _ in true }
        }
        wakeups.deliver(key.rawValue)
        if stored != nil { return token }
        // A newer token was stored first: release our lease and hand back the newer token.
        if let lease { try await release(lease) }
        guard let current = try await load(key) else {
            throw TokenStoreError(.corrupt, detail: "the row of \(key) vanished during a publish")
        }
        return current
    }

    /// Releases `lease` if it is still held by its holder, and wakes the waiters so one of them claims at once.
    public func release(_ lease: TokenLease) async throws {
        try await prepare()
        let table = configuration.table
        try await timed {
            _ = try await self.client.query("""
                WITH released AS (
                    UPDATE \(unescaped: table) SET lease_holder = NULL, lease_until = NULL
                    WHERE key = \(lease.key.rawValue) AND lease_holder = \(lease.holder)
                    RETURNING key
                )
                SELECT pg_notify(\(self.channel), key) FROM released
                """).collect()
        }
        wakeups.deliver(lease.key.rawValue)
    }

    /// Waits for a token newer than `generation`: woken by `NOTIFY` while ``run()`` runs, polling every
    /// ``Configuration/pollInterval`` otherwise.
    ///
    /// - Returns: The newer token; `nil` after `timeout`, or as soon as the lease is free without a newer token
    ///   (its holder released it or it lapsed on the database's clock): claim again.
    public func waitForToken(_ key: TokenStoreKey, newerThan generation: UInt64?, timeout: Duration) async throws
        -> StoredToken?
    {
        try await prepare()
        let table = configuration.table
        let floor = Int64(clamping: generation ?? 0)
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let seen = wakeups.version(key.rawValue)
            let state = try await timed {
                try await self.client.query("""
                    SELECT generation, sealed, key_id, lease_until IS NULL OR lease_until <= clock_timestamp()
                    FROM \(unescaped: table) WHERE key = \(key.rawValue)
                    """).decode((Int64, ByteBuffer?, String?, Bool).self).first { _ in true }
            }
            if let (stored, sealed, keyID, leaseFree) = state {
                if stored > floor, let sealed {
                    return try open(sealed, keyID: keyID, generation: stored, key: key)
                }
                if leaseFree { return nil }
            }
            let now = clock.now
            if now >= deadline { return nil }
            let wake = min(deadline, now.advanced(by: configuration.pollInterval))
            await wakeups.wait(key.rawValue, seen: seen, until: wake)
            try Task.checkCancellation()
        }
    }

    // MARK: LISTEN/NOTIFY

    /// Listens for the store's notifications until cancelled (or until graceful shutdown in a `ServiceGroup`),
    /// listening again after a dropped connection; waiters poll while it does not run.
    public func run() async throws {
        let channel = self.channel
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        // Listening again may have missed a notification: wake every waiter to look.
                        self.wakeups.deliverAll()
                        for try await notification in notifications.cancelOnGracefulShutdown() {
                            self.wakeups.deliver(notification.payload)
                        }
                    }
                }
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                logger.debug("scopedauth.postgres: listening connection dropped; waiters poll until it is back")
            }
            try? await clock.sleep(for: configuration.reconnectDelay)
        }
    }

    // MARK: Sealing

    private struct Sealed: Codable {
        var value: String
        var generation: UInt64
        var expiresAt: Int64?
        var issuedAt: Int64
    }

    private func seal(_ token: StoredToken, key: TokenStoreKey) throws -> [UInt8] {
        let body = Sealed(
            value: token.value.revealed, generation: token.generation,
            expiresAt: token.expiresAt.map(Self.milliseconds), issuedAt: Self.milliseconds(token.issuedAt))
        let plaintext: Data
        do {
            plaintext = try JSONEncoder().encode(body)
        } catch {
            throw TokenStoreError(.corrupt, detail: "the token could not be encoded")
        }
        return try sealer.seal(Array(plaintext), context: Array(key.rawValue.utf8))
    }

    private func open(_ sealed: ByteBuffer, keyID: String?, generation: Int64, key: TokenStoreKey) throws
        -> StoredToken
    {
        guard keyID == sealer.keyID else {
            throw TokenStoreError(
                .unsealable,
                detail: "the row of \(key) is sealed under key id '\(keyID ?? "none")', this store opens '\(sealer.keyID)'")
        }
        let plaintext = try sealer.open(Array(sealed.readableBytesView), context: Array(key.rawValue.utf8))
        guard let body = try? JSONDecoder().decode(Sealed.self, from: Data(plaintext)) else {
            throw TokenStoreError(.corrupt, detail: "the row of \(key) opens but does not hold a token")
        }
        // The generation column drives compare-and-store; the sealed copy must agree with it.
        guard body.generation == UInt64(clamping: generation) else {
            throw TokenStoreError(
                .corrupt, detail: "the row of \(key) says generation \(generation), its sealed token \(body.generation)")
        }
        return StoredToken(
            value: Secret(body.value), generation: body.generation,
            expiresAt: body.expiresAt.map(Self.date), issuedAt: Self.date(body.issuedAt))
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64(exactly: (date.timeIntervalSince1970 * 1000).rounded()) ?? 0
    }

    private static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    // MARK: Plumbing

    private var quiet: Logger { Self.quietLogger }
    private static let quietLogger = Logger(label: "scopedauth.postgres.query", factory: { _ in SwiftLogNoOpLogHandler() })

    private static func checkedTable(_ name: String) throws -> String {
        let allowed = name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
        guard allowed, let first = name.utf8.first, first >= 97, first <= 122, name.utf8.count <= 48 else {
            throw TokenStoreError(.schemaMismatch, detail: "table name '\(name)' is not a plain lowercase identifier")
        }
        return name
    }

    /// Runs `operation` with the operation timeout, mapping every database failure to a ``TokenStoreError``.
    private func timed<Result: Sendable>(_ operation: @escaping @Sendable () async throws -> Result) async throws
        -> Result
    {
        let timeout = configuration.operationTimeout
        let clock = self.clock
        do {
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask { try await operation() }
                group.addTask {
                    try await clock.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let result = first else {
                    throw TokenStoreError(.unavailable, detail: "the database did not answer within \(timeout)")
                }
                return result
            }
        } catch let error as TokenStoreError {
            throw error
        } catch let error as PSQLError {
            throw Self.storeError(error)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TokenStoreError(.unavailable, detail: "the database failed: \(type(of: error))")
        }
    }

    static func storeError(_ error: PSQLError) -> TokenStoreError {
        let state = error.serverInfo?[.sqlState]
        // Class 42 (undefined table or column, wrong type) means the table is not the one this version expects.
        if let state, state.hasPrefix("42") {
            return TokenStoreError(
                .schemaMismatch, detail: "SQLSTATE \(state): \(error.serverInfo?[.message] ?? "schema error")")
        }
        if let state {
            return TokenStoreError(.unavailable, detail: "SQLSTATE \(state): \(error.serverInfo?[.message] ?? "")")
        }
        return TokenStoreError(.unavailable, detail: "PostgreSQL connection: \(error.code)")
    }
}

extension Duration {
    fileprivate var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

/// Wakes waiters of a key when a notification for it arrives, or at their deadline, whichever comes first.
///
/// A waiter reads ``version(_:)`` before it looks at the row; a notification after that bumps the version, so a
/// wake-up between the look and the wait is never lost.
final class Wakeups: Sendable {
    private struct Waiter {
        var key: String
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var versions: [String: UInt64] = [:]
        var epoch: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var fired: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let clock: any AuthClock

    init(clock: any AuthClock) { self.clock = clock }

    func version(_ key: String) -> UInt64 {
        state.withLock { $0.epoch &+ ($0.versions[key] ?? 0) }
    }

    func deliver(_ key: String) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.versions[key, default: 0] &+= 1
            let ids = state.waiters.filter { $0.value.key == key }.map(\.key)
            return ids.compactMap { state.waiters.removeValue(forKey: $0)?.continuation }
        }
        for continuation in woken { continuation.resume() }
    }

    func deliverAll() {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.epoch &+= 1
            defer { state.waiters.removeAll() }
            return state.waiters.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    func wait(_ key: String, seen: UInt64, until deadline: AuthInstant) async {
        let id = state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await clock.sleep(until: deadline)
                self.fire(id)
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool in
                        let current = state.epoch &+ (state.versions[key] ?? 0)
                        if current != seen || state.fired.remove(id) != nil { return true }
                        state.waiters[id] = Waiter(key: key, continuation: continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                self.fire(id)
            }
            group.cancelAll()
        }
        _ = state.withLock { $0.fired.remove(id) }
    }

    private func fire(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            state.fired.insert(id)
            return nil
        }
        waiter?.continuation.resume()
    }
}
