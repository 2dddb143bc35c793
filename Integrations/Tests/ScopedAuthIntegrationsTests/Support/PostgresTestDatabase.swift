import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import PostgresNIO
import ScopedAuth
import ScopedAuthPostgres
import Testing

/// The throwaway cluster `scripts/postgres.sh` starts: its settings come from the environment it exports.
///
/// Without them the PostgreSQL tests are skipped with a message saying how to run them; with
/// `SCOPEDAUTH_REQUIRE_POSTGRES=1` (CI) a missing database is a failure instead.
enum PostgresTestDatabase {
    static let environment = ProcessInfo.processInfo.environment

    static var isConfigured: Bool { environment["SCOPEDAUTH_POSTGRES_PORT"] != nil }

    /// For `.enabled(if:)`: runs when configured, or when CI requires it (then the test fails on the missing env).
    static var shouldRun: Bool { isConfigured || environment["SCOPEDAUTH_REQUIRE_POSTGRES"] == "1" }

    static let skipMessage: Comment =
        "no PostgreSQL: run `scripts/postgres.sh run -- swift test --package-path Integrations` to include these tests"

    struct Settings: Sendable {
        var host: String
        var port: Int
        var user: String
        var database: String
        var control: String
        var envFile: String
    }

    static func settings() throws -> Settings {
        guard let port = environment["SCOPEDAUTH_POSTGRES_PORT"].flatMap(Int.init) else {
            throw TokenStoreError(.unavailable, detail: "SCOPEDAUTH_POSTGRES_PORT is not set (scripts/postgres.sh run)")
        }
        return Settings(
            host: environment["SCOPEDAUTH_POSTGRES_HOST"] ?? "127.0.0.1", port: port,
            user: environment["SCOPEDAUTH_POSTGRES_USER"] ?? "postgres",
            database: environment["SCOPEDAUTH_POSTGRES_DATABASE"] ?? "postgres",
            control: environment["SCOPEDAUTH_POSTGRES_CONTROL"] ?? "scripts/postgres.sh",
            envFile: environment["SCOPEDAUTH_POSTGRES_ENV"] ?? "")
    }

    static func clientConfiguration(port: Int? = nil) throws -> PostgresClient.Configuration {
        let settings = try settings()
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: port ?? settings.port, username: settings.user, password: nil,
            database: settings.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(2)
        configuration.options.maximumConnections = 40
        return configuration
    }

    /// A unique table name, so tests running in parallel never share rows.
    static func uniqueTable(_ prefix: String = "t") -> String {
        prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    }

    static func sealer(keyID: String = "test-key", seed: UInt8 = 7) throws -> AESGCMTokenSealer {
        try AESGCMTokenSealer(key: SymmetricKey(data: [UInt8](repeating: seed, count: 32)), keyID: keyID)
    }

    /// Runs `body` with a running client (its `run()` in a child task), cancelled afterwards.
    static func withClient<T: Sendable>(
        port: Int? = nil, _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: try clientConfiguration(port: port))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Runs `psql`-free SQL on a client (test set-up: corrupting rows, creating wrong tables).
    static func execute(_ sql: String, on client: PostgresClient) async throws {
        _ = try await client.query(PostgresQuery(unsafeSQL: sql)).collect()
    }

    /// Stops (`pause`) or starts (`resume`) the server through the script that started it.
    static func control(_ verb: String) throws {
        let settings = try settings()
        // `system` rather than `Process`: a restarted server inherits no pipe of ours, and nothing waits on it.
        let command = "/bin/bash '\(settings.control)' \(verb) '\(settings.envFile)' </dev/null >/dev/null 2>&1"
        guard system(command) == 0 else {
            throw TokenStoreError(.unavailable, detail: "scripts/postgres.sh \(verb) failed")
        }
    }
}

/// A system clock whose wall clock is off by `skew`: a replica with a wrong clock.
struct SkewedClock: AuthClock {
    var skew: TimeInterval
    private let base = SystemAuthClock()

    init(skew: TimeInterval) { self.skew = skew }

    var now: AuthInstant { base.now }
    var wallClockNow: Date { base.wallClockNow.addingTimeInterval(skew) }
    func sleep(until deadline: AuthInstant) async throws { try await base.sleep(until: deadline) }
}

extension StoredToken {
    static func test(_ value: String, generation: UInt64, expiresIn seconds: TimeInterval = 3600) -> StoredToken {
        let now = SystemAuthClock().wallClockNow
        return StoredToken(
            value: Secret(value), generation: generation, expiresAt: now.addingTimeInterval(seconds), issuedAt: now)
    }
}
