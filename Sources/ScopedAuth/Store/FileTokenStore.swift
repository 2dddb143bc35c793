public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``TokenStore`` in a directory: one file per credential, for CLIs and for the processes of one machine.
///
/// - Each credential's token lives in `<key>.token`, mode `0600`, written atomically (a temporary file renamed over
///   it), so a reader sees the old token or the new one, never half of one. The directory is created `0700`.
/// - Every change happens under an exclusive `flock` on `<key>.lock`, so concurrent processes on the machine
///   agree; the refresh lease is the lock file's content (holder and expiry on the wall clock), so a holder that
///   dies mid-exchange is taken over once its lease lapses.
/// - A ``TokenSealer`` seals the token at rest when given; without one the file holds it in the clear, protected
///   by its mode only.
/// - A corrupt or unreadable file is a ``TokenStoreError`` (``TokenStoreError/Kind/corrupt`` or
///   ``TokenStoreError/Kind/unsealable``); the session then exchanges on its own and its publish replaces the
///   file.
///
/// Waiters poll the file (every ``pollInterval``) since processes share no notification channel.
///
/// ```swift
/// let store = try FileTokenStore(directory: FileTokenStore.defaultDirectory(application: "mytool"))
/// let sharing = TokenStoreConfiguration(store: store, keyingKey: try store.localKeyingKey())
/// ```
public struct FileTokenStore: TokenStore, CustomStringConvertible {
    /// The directory holding the files.
    public let directory: URL
    /// How often a waiter reads the file for a newer token.
    public let pollInterval: Duration
    private let sealer: (any TokenSealer)?
    private let clock: any AuthClock

    /// Opens (creating it `0700` if missing) a store in `directory`.
    ///
    /// - Parameters:
    ///   - directory: Where the files go; the user names it (a cache directory, see ``defaultDirectory(application:environment:)``).
    ///   - sealer: Seals tokens at rest; `nil` keeps them in `0600` files in the clear.
    ///   - clock: The clock for leases (its wall clock) and for polling.
    ///   - pollInterval: How often a waiter reads the file for a newer token.
    /// - Throws: ``TokenStoreError`` of kind ``TokenStoreError/Kind/unavailable`` when the directory cannot be
    ///   created.
    public init(
        directory: URL, sealer: (any TokenSealer)? = nil, clock: any AuthClock = SystemAuthClock(),
        pollInterval: Duration = .milliseconds(50)
    ) throws(TokenStoreError) {
        self.directory = directory
        self.sealer = sealer
        self.clock = clock
        self.pollInterval = pollInterval
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(
                    at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw TokenStoreError(.unavailable, detail: "cannot create the token directory")
            }
        } else if !isDirectory.boolValue {
            throw TokenStoreError(.unavailable, detail: "the token directory is a file")
        }
    }

    /// The platform's cache directory for `application`: `$XDG_CACHE_HOME/<application>` or
    /// `~/.cache/<application>` on Linux, `~/Library/Caches/<application>` on Apple platforms.
    ///
    /// - Parameters:
    ///   - application: The directory's name inside the cache directory.
    ///   - environment: The environment to read `XDG_CACHE_HOME` and `HOME` from.
    public static func defaultDirectory(
        application: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        #if canImport(Darwin)
        let caches = FileManager.default.urls(for: .cachesDirectory, in: .userDomainMask).first
            ?? URL(fileURLWithPath: NSHomeDirectory()).appending(path: "Library/Caches")
        return caches.appending(path: application, directoryHint: .isDirectory)
        #else
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appending(path: application, directoryHint: .isDirectory)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appending(path: ".cache/\(application)", directoryHint: .isDirectory)
        #endif
    }

    /// The directory; never a token.
    public var description: String { "FileTokenStore(\(directory.path))" }

    // MARK: TokenStore

    /// Reads `<key>.token`.
    public func load(_ key: TokenStoreKey) async throws -> StoredToken? {
        try readToken(key)
    }

    /// Under the file lock: the stored token if it supersedes `generation`, else the lease if it is free or lapsed.
    public func claimRefresh(
        _ key: TokenStoreKey, replacing generation: UInt64?, leaseDuration duration: Duration
    ) async throws -> LeaseClaim {
        try withFileLock(key) { lock in
            let stored = try readToken(key)
            if let stored, stored.generation > (generation ?? 0) { return .superseded(stored) }
            let now = clock.wallClockNow
            if let lease = readLease(lock, key: key), lease.expiresAt > now { return .held(until: lease.expiresAt) }
            let lease = TokenLease(
                key: key, holder: "pid\(getpid())-\(UInt64.random(in: .min ... .max))",
                nextGeneration: (stored?.generation ?? 0) &+ 1,
                expiresAt: now.addingTimeInterval(duration.seconds))
            try writeLease(lease, to: lock)
            return .acquired(lease)
        }
    }

    /// Under the file lock: stores `token` unless the stored one is as new (a corrupt file counts as none), and
    /// releases `lease` if it is still the holder's.
    public func publish(_ token: StoredToken, for key: TokenStoreKey, releasing lease: TokenLease?) async throws
        -> StoredToken
    {
        try withFileLock(key) { lock in
            if let lease, readLease(lock, key: key)?.holder == lease.holder { try writeLease(nil, to: lock) }
            if let stored = try? readToken(key), stored.generation >= token.generation { return stored }
            try writeToken(token, key: key)
            return token
        }
    }

    /// Under the file lock: clears the lease if it is still `lease`'s holder's.
    public func release(_ lease: TokenLease) async throws {
        try withFileLock(lease.key) { lock in
            if readLease(lock, key: lease.key)?.holder == lease.holder { try writeLease(nil, to: lock) }
        }
    }

    /// Polls `<key>.token` every ``pollInterval`` until it holds a token newer than `generation` or `timeout` passes.
    public func waitForToken(_ key: TokenStoreKey, newerThan generation: UInt64?, timeout: Duration) async throws
        -> StoredToken?
    {
        let deadline = clock.now + timeout
        while true {
            if let stored = try readToken(key), stored.generation > (generation ?? 0) { return stored }
            let now = clock.now
            guard now < deadline else { return nil }
            try await clock.sleep(until: min(now + pollInterval, deadline))
        }
    }

    // MARK: Application key

    /// A random 32-byte key kept in `keying-key` (mode `0600`) in the directory, created on first use: the
    /// ``TokenStoreConfiguration/keyingKey`` for the processes of this machine (a CLI's repeated runs).
    ///
    /// Concurrent first uses agree on one key (it is linked into place only if absent).
    ///
    /// - Throws: ``TokenStoreError`` when the file cannot be read or written, or is not 32 bytes.
    public func localKeyingKey() throws(TokenStoreError) -> [UInt8] {
        let url = directory.appending(path: "keying-key")
        if let existing = try? Data(contentsOf: url) {
            guard existing.count == 32 else { throw TokenStoreError(.corrupt, detail: "the keying key is not 32 bytes") }
            return Array(existing)
        }
        var generator = SystemRandomNumberGenerator()
        let fresh = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let temporary = try writeTemporary(fresh)
        defer { unlink(temporary.path) }
        // `link` fails if another process put its key in place first: then its key is the one.
        _ = link(temporary.path, url.path)
        guard let stored = try? Data(contentsOf: url), stored.count == 32 else {
            throw TokenStoreError(.unavailable, detail: "cannot store the keying key")
        }
        return Array(stored)
    }

    // MARK: Files

    /// The file name stem of `key`: its raw value when that is a plain name, else a digest of it.
    private func stem(_ key: TokenStoreKey) -> String {
        let raw = key.rawValue
        let plain = !raw.isEmpty && raw.utf8.count <= 128 && raw.first != "."
            && raw.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        return plain ? raw : SHA256.hash(raw.utf8).lowercaseHex
    }

    private func tokenURL(_ key: TokenStoreKey) -> URL { directory.appending(path: stem(key) + ".token") }

    private func readToken(_ key: TokenStoreKey) throws(TokenStoreError) -> StoredToken? {
        let url = tokenURL(key)
        // The file is only ever replaced by a rename, never removed: absent now means absent.
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TokenStoreError(.unavailable, detail: "cannot read the token file")
        }
        let record: TokenRecord
        do {
            record = try JSONDecoder().decode(TokenRecord.self, from: data)
        } catch {
            throw TokenStoreError(.corrupt, detail: "the token file is not a token record")
        }
        guard record.version == 1, let bytes = Data(base64Encoded: record.value) else {
            throw TokenStoreError(.corrupt, detail: "the token file has an unknown format")
        }
        var plaintext = Array(bytes)
        if record.sealed {
            guard let sealer else { throw TokenStoreError(.unsealable, detail: "the token is sealed and no sealer was given") }
            do {
                plaintext = try sealer.open(plaintext)
            } catch let error as TokenStoreError {
                throw error
            } catch {
                throw TokenStoreError(.unsealable, detail: "the sealer could not open the token")
            }
        }
        guard let value = String(validating: plaintext, as: UTF8.self) else {
            throw TokenStoreError(.corrupt, detail: "the token is not text")
        }
        return StoredToken(
            value: Secret(value), generation: record.generation,
            expiresAt: record.expiresAt.map(Date.init(timeIntervalSince1970:)),
            issuedAt: Date(timeIntervalSince1970: record.issuedAt))
    }

    private func writeToken(_ token: StoredToken, key: TokenStoreKey) throws(TokenStoreError) {
        var bytes = Array(token.value.revealed.utf8)
        if let sealer {
            do { bytes = try sealer.seal(bytes) } catch { throw TokenStoreError(.unsealable, detail: "the sealer failed") }
        }
        let record = TokenRecord(
            version: 1, generation: token.generation, expiresAt: token.expiresAt?.timeIntervalSince1970,
            issuedAt: token.issuedAt.timeIntervalSince1970, sealed: sealer != nil,
            value: Data(bytes).base64EncodedString())
        let data: Data
        do { data = try JSONEncoder().encode(record) } catch {
            throw TokenStoreError(.unavailable, detail: "cannot encode the token record")
        }
        let temporary = try writeTemporary(Array(data))
        guard rename(temporary.path, tokenURL(key).path) == 0 else {
            unlink(temporary.path)
            throw TokenStoreError(.unavailable, detail: "cannot replace the token file (errno \(errno))")
        }
    }

    /// Writes `bytes` to a new `0600` file in the directory, flushed to disk; the caller renames or links it.
    private func writeTemporary(_ bytes: [UInt8]) throws(TokenStoreError) -> URL {
        let url = directory.appending(path: ".tmp-\(getpid())-\(UInt64.random(in: .min ... .max))")
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TokenStoreError(.unavailable, detail: "cannot create a file (errno \(errno))") }
        defer { close(descriptor) }
        // The mode passed to `open` is filtered by the umask; the file must be 0600 whatever the umask.
        fchmod(descriptor, 0o600)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            guard result > 0 else {
                unlink(url.path)
                throw TokenStoreError(.unavailable, detail: "cannot write a file (errno \(errno))")
            }
            written += result
        }
        fsync(descriptor)
        return url
    }

    /// Runs `body` holding an exclusive `flock` on `<key>.lock` (created `0600`), whose descriptor it gets.
    private func withFileLock<Result>(
        _ key: TokenStoreKey, _ body: (Int32) throws -> Result
    ) throws -> Result {
        let path = directory.appending(path: stem(key) + ".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TokenStoreError(.unavailable, detail: "cannot open the lock file (errno \(errno))") }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw TokenStoreError(.unavailable, detail: "cannot lock (errno \(errno))") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body(descriptor)
    }

    /// The lease written in the lock file, or `nil` when there is none (or it is unreadable: then it is free).
    private func readLease(_ descriptor: Int32, key: TokenStoreKey) -> TokenLease? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0, let record = try? JSONDecoder().decode(LeaseRecord.self, from: Data(bytes[0..<count])) else {
            return nil
        }
        return TokenLease(
            key: key, holder: record.holder, nextGeneration: record.nextGeneration,
            expiresAt: Date(timeIntervalSince1970: record.expiresAt))
    }

    /// Writes `lease` into the lock file, or empties it.
    private func writeLease(_ lease: TokenLease?, to descriptor: Int32) throws(TokenStoreError) {
        guard ftruncate(descriptor, 0) == 0 else { throw TokenStoreError(.unavailable, detail: "cannot clear the lease") }
        guard let lease else { return }
        let record = LeaseRecord(
            holder: lease.holder, nextGeneration: lease.nextGeneration, expiresAt: lease.expiresAt.timeIntervalSince1970)
        guard let data = try? JSONEncoder().encode(record) else {
            throw TokenStoreError(.unavailable, detail: "cannot encode the lease")
        }
        let written = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == data.count else { throw TokenStoreError(.unavailable, detail: "cannot write the lease") }
    }
}

/// The content of a `.token` file.
private struct TokenRecord: Codable {
    var version: Int
    var generation: UInt64
    var expiresAt: Double?
    var issuedAt: Double
    var sealed: Bool
    /// The token (sealed if `sealed`), base64.
    var value: String
}

/// The content of a `.lock` file while a lease is held.
private struct LeaseRecord: Codable {
    var holder: String
    var nextGeneration: UInt64
    var expiresAt: Double
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
