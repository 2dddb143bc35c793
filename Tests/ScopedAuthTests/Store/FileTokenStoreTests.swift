import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// The file store on a real file system: modes, atomic replacement, corrupt and foreign files, leases.
@Suite struct FileTokenStoreTests {
    static let key = TokenStoreKey(rawValue: "0123abcd")

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appending(path: "scopedauth-file-store-\(UUID().uuidString)/tokens")
    }

    static func mode(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    static func token(_ value: String, generation: UInt64, clock: ManualClock) -> StoredToken {
        StoredToken(value: Secret(value), generation: generation, expiresAt: clock.wallClockNow.addingTimeInterval(3600),
                    issuedAt: clock.wallClockNow)
    }

    /// Seals by XOR with a key byte and a trailing check byte: enough to tell keys apart in tests.
    struct XORSealer: TokenSealer {
        var keyByte: UInt8
        func seal(_ plaintext: [UInt8]) throws -> [UInt8] { plaintext.map { $0 ^ keyByte } + [keyByte] }
        func open(_ sealed: [UInt8]) throws -> [UInt8] {
            guard sealed.last == keyByte else { throw TokenStoreError(.unsealable, detail: "sealed with another key") }
            return sealed.dropLast().map { $0 ^ keyByte }
        }
    }

    @Test func filesAreOwnerOnlyAndReplacedAtomically() async throws {
        let clock = ManualClock()
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let store = try FileTokenStore(directory: directory, clock: clock)
        #expect(try Self.mode(directory) == 0o700)
        #expect(try await store.load(Self.key) == nil)

        let first = try await store.publish(Self.token("one-\(sentinelSecret)", generation: 1, clock: clock),
                                            for: Self.key, releasing: nil)
        #expect(first.generation == 1)
        let file = directory.appending(path: "\(Self.key.rawValue).token")
        #expect(try Self.mode(file) == 0o600)
        #expect(try Self.mode(directory.appending(path: "\(Self.key.rawValue).lock")) == 0o600)
        let inodeBefore = try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as? NSNumber

        // Compare-and-store: an older generation does not replace a newer one.
        let kept = try await store.publish(Self.token("zero", generation: 1, clock: clock), for: Self.key, releasing: nil)
        #expect(kept.value == Secret("one-\(sentinelSecret)"))

        _ = try await store.publish(Self.token("two", generation: 2, clock: clock), for: Self.key, releasing: nil)
        let inodeAfter = try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as? NSNumber
        // A new file renamed over the old one, not the old one rewritten in place; no temporary file left behind.
        #expect(inodeBefore != inodeAfter)
        #expect(try Self.mode(file) == 0o600)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.allSatisfy { !$0.hasPrefix(".tmp") })
        #expect(try await store.load(Self.key)?.value == Secret("two"))
        #expect(try await store.load(Self.key)?.generation == 2)
    }

    @Test func aCorruptFileIsATypedErrorAndASessionFallsBackAndHealsIt() async throws {
        let clock = ManualClock()
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let store = try FileTokenStore(directory: directory, clock: clock)
        let file = directory.appending(path: "\(Self.key.rawValue).token")
        for garbage in ["", "{", "{\"version\":1}", "{\"version\":9,\"generation\":1,\"issuedAt\":0,\"sealed\":false,\"value\":\"\"}",
                        "{\"version\":1,\"generation\":1,\"issuedAt\":0,\"sealed\":false,\"value\":\"%%%\"}"] {
            try Data(garbage.utf8).write(to: file)
            await #expect(throws: TokenStoreError(.corrupt, detail: "")) {
                do { _ = try await store.load(Self.key) } catch let error as TokenStoreError {
                    throw TokenStoreError(error.kind, detail: "")
                }
            }
        }
        let exchange = ScriptedExchange()
        let session = TokenSession(exchange: exchange, clock: clock, store: TokenStoreBinding(store: store, key: Self.key))
        let recorder = EventRecorder(session)
        let token = try await session.token()
        #expect(exchange.calls == 1)
        #expect(await eventually {
            recorder.count { if case .storeFallback(let error) = $0 { error.kind == .corrupt } else { false } } == 1
        })
        // The session's publish replaced the corrupt file.
        #expect(try await store.load(Self.key)?.value == token.value)
    }

    @Test func aSealedTokenOpensOnlyWithItsSealer() async throws {
        let clock = ManualClock()
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let sealed = try FileTokenStore(directory: directory, sealer: XORSealer(keyByte: 0x5a), clock: clock)
        _ = try await sealed.publish(Self.token("value-\(sentinelSecret)", generation: 1, clock: clock),
                                     for: Self.key, releasing: nil)
        let raw = try Data(contentsOf: directory.appending(path: "\(Self.key.rawValue).token"))
        #expect(String(decoding: raw, as: UTF8.self).contains("\"sealed\":true"))
        #expect(!String(decoding: raw, as: UTF8.self).contains(sentinelSecret))
        #expect(try await sealed.load(Self.key)?.value == Secret("value-\(sentinelSecret)"))

        for other in [try FileTokenStore(directory: directory, sealer: XORSealer(keyByte: 0x33), clock: clock),
                      try FileTokenStore(directory: directory, clock: clock)] {
            do {
                _ = try await other.load(Self.key)
                Issue.record("a token sealed with another key was opened")
            } catch let error as TokenStoreError {
                #expect(error.kind == .unsealable)
            }
        }
    }

    @Test func theLeaseIsSharedThroughTheLockFileAndLapses() async throws {
        let clock = ManualClock()
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        // Two store values on one directory, as two processes would have.
        let first = try FileTokenStore(directory: directory, clock: clock)
        let second = try FileTokenStore(directory: directory, clock: clock)
        guard case .acquired(let lease) = try await first.claimRefresh(Self.key, replacing: nil, leaseDuration: .seconds(10)) else {
            Issue.record("the first claim must acquire")
            return
        }
        #expect(lease.nextGeneration == 1)
        guard case .held(let until) = try await second.claimRefresh(Self.key, replacing: nil, leaseDuration: .seconds(10)) else {
            Issue.record("the second claim must see the lease held")
            return
        }
        #expect(until == lease.expiresAt)
        clock.advance(by: .seconds(11))
        guard case .acquired(let takeover) = try await second.claimRefresh(Self.key, replacing: nil, leaseDuration: .seconds(10)) else {
            Issue.record("a lapsed lease must be taken over")
            return
        }
        // The lapsed holder can no longer release the new holder's lease.
        try await first.release(lease)
        guard case .held = try await first.claimRefresh(Self.key, replacing: nil, leaseDuration: .seconds(10)) else {
            Issue.record("a lapsed holder released another's lease")
            return
        }
        let published = try await second.publish(Self.token("t", generation: takeover.nextGeneration, clock: clock),
                                                  for: Self.key, releasing: takeover)
        #expect(published.generation == 1)
        guard case .superseded(let stored) = try await first.claimRefresh(Self.key, replacing: nil, leaseDuration: .seconds(10)) else {
            Issue.record("a stored token supersedes no token")
            return
        }
        #expect(stored.value == Secret("t"))
        #expect(try await first.waitForToken(Self.key, newerThan: 0, timeout: .seconds(1))?.generation == 1)
    }

    @Test func twoSessionsOnOneDirectoryExchangeOnce() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let exchange = ScriptedExchange { call in
            try await Task.sleep(for: .milliseconds(200))
            return IssuedToken(value: Secret("token-\(call)"), expiry: .after(.seconds(3600)))
        }
        let sessions = try (0..<3).map { _ in
            TokenSession(exchange: exchange, store: TokenStoreBinding(
                store: try FileTokenStore(directory: directory, pollInterval: .milliseconds(10)), key: Self.key))
        }
        let values = try await withThrowingTaskGroup(of: Secret.self) { group in
            for session in sessions { for _ in 0..<100 { group.addTask { try await session.token().value } } }
            return try await group.reduce(into: Set<Secret>()) { $0.insert($1) }
        }
        #expect(exchange.calls == 1)
        #expect(values == [Secret("token-1")])
    }

    @Test func theLocalKeyingKeyIsCreatedOnceAndOwnerOnly() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let store = try FileTokenStore(directory: directory)
        let key = try store.localKeyingKey()
        #expect(key.count == 32)
        #expect(try FileTokenStore(directory: directory).localKeyingKey() == key)
        #expect(try Self.mode(directory.appending(path: "keying-key")) == 0o600)
    }

    @Test func theDefaultDirectoryFollowsXDG() {
        #if !canImport(Darwin)
        #expect(FileTokenStore.defaultDirectory(application: "scopedauth", environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]).path
            == "/x/cache/scopedauth")
        #expect(FileTokenStore.defaultDirectory(application: "scopedauth", environment: ["HOME": "/home/u"]).path
            == "/home/u/.cache/scopedauth")
        #endif
    }
}
