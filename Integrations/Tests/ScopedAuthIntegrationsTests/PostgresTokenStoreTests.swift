import Crypto
import Foundation
import PostgresNIO
import ScopedAuth
import ScopedAuthPostgres
import Synchronization
import Testing

@Suite("AESGCMTokenSealer")
struct AESGCMTokenSealerTests {
    @Test func opensWhatItSealedAndNothingElse() throws {
        let sealer = try PostgresTestDatabase.sealer()
        let sealed = try sealer.seal(Array("token".utf8), context: Array("row-a".utf8))
        #expect(try sealer.open(sealed, context: Array("row-a".utf8)) == Array("token".utf8))
        #expect(!sealed.contains(subsequence: Array("token".utf8)))

        // Another row (a row copied to another credential) does not open.
        #expect(kind { _ = try sealer.open(sealed, context: Array("row-b".utf8)) } == .unsealable)
        // Another key, or the same key relabelled with another id, does not open.
        let otherKey = try PostgresTestDatabase.sealer(seed: 8)
        let otherID = try PostgresTestDatabase.sealer(keyID: "rotated")
        for other in [otherKey, otherID] {
            #expect(kind { _ = try other.open(sealed, context: Array("row-a".utf8)) } == .unsealable)
        }
        // A flipped bit does not open; garbage is corrupt, not a crash.
        var altered = sealed
        altered[altered.count - 1] ^= 1
        #expect(kind { _ = try sealer.open(altered, context: Array("row-a".utf8)) } == .unsealable)
        #expect(kind { _ = try sealer.open([1, 2, 3], context: []) } == .corrupt)
        #expect(kind { _ = try sealer.open([], context: []) } == .corrupt)
        #expect("\(sealer)" == "AESGCMTokenSealer(keyID: test-key)")
        #expect(kind { _ = try AESGCMTokenSealer(key: SymmetricKey(size: SymmetricKeySize(bitCount: 64)), keyID: "x") } == .unsealable)
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}

/// The kind of the store error `body` throws, `nil` when it throws none (details are for people).
private func kind(of body: () throws -> Void) -> TokenStoreError.Kind? {
    do {
        try body()
        return nil
    } catch let error as TokenStoreError {
        return error.kind
    } catch {
        return nil
    }
}

private func kind(of body: () async throws -> Void) async -> TokenStoreError.Kind? {
    do {
        try await body()
        return nil
    } catch let error as TokenStoreError {
        return error.kind
    } catch {
        return nil
    }
}

@Suite(
    "PostgresTokenStore (real PostgreSQL)", .serialized,
    .enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipMessage))
struct PostgresTokenStoreTests {
    let key = TokenStoreKey(rawValue: String(repeating: "ab", count: 32))

    private func store(
        _ client: PostgresClient, table: String, sealer: AESGCMTokenSealer? = nil, poll: Duration = .milliseconds(100),
        clock: any AuthClock = SystemAuthClock()
    ) throws -> PostgresTokenStore {
        // A generous timeout: 1,000 concurrent claims queue for 40 connections on a shared 2-core machine.
        PostgresTokenStore(
            client: client, sealer: try sealer ?? PostgresTestDatabase.sealer(),
            configuration: .init(table: table, pollInterval: poll, operationTimeout: .seconds(60)), clock: clock)
    }

    @Test func compareAndStoreKeepsTheHighestGeneration() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        try await PostgresTestDatabase.withClient { client in
            let store = try store(client, table: table)
            #expect(try await store.load(key) == nil)
            let second = StoredToken.test("second", generation: 2)
            #expect(try await store.publish(second, for: key, releasing: nil) == second)
            // An older generation never replaces a newer one: the newer one comes back.
            let first = StoredToken.test("first", generation: 1)
            let kept = try await store.publish(first, for: key, releasing: nil)
            #expect(kept.generation == 2 && kept.value.revealed == "second")
            // Nor does the same generation from another holder.
            let same = try await store.publish(.test("other", generation: 2), for: key, releasing: nil)
            #expect(same.generation == 2 && same.value.revealed == "second")
            let loaded = try await store.load(key)
            #expect(loaded?.value.revealed == "second")
            #expect(loaded?.generation == 2)
            #expect(loaded?.expiresAt.map { abs($0.timeIntervalSince(second.expiresAt!)) < 0.002 } == true)
            // The token is sealed at rest: the table holds no clear value.
            let clear = try await client.query(PostgresQuery(
                unsafeSQL: "SELECT count(*) FROM \(table) WHERE position('second'::bytea in sealed) > 0"))
                .decode(Int64.self).first { _ in true }
            #expect(clear == 0)
        }
    }

    @Test func oneOfAThousandConcurrentClaimsGetsTheLease() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        try await PostgresTestDatabase.withClient { client in
            let store = try store(client, table: table)
            _ = try await store.publish(.test("expired", generation: 1, expiresIn: -10), for: key, releasing: nil)
            let claims = try await withThrowingTaskGroup(of: LeaseClaim.self) { group in
                for _ in 0..<1000 {
                    group.addTask { try await store.claimRefresh(key, replacing: 1, leaseDuration: .seconds(30)) }
                }
                return try await group.reduce(into: [LeaseClaim]()) { $0.append($1) }
            }
            let acquired = claims.compactMap { claim -> TokenLease? in
                if case .acquired(let lease) = claim { return lease }
                return nil
            }
            #expect(acquired.count == 1)
            #expect(acquired.first?.nextGeneration == 2)
            #expect(claims.filter { if case .held = $0 { true } else { false } }.count == 999)
            // The holder publishes generation 2; a late claim for generation 1 is superseded, not a second lease.
            let lease = try #require(acquired.first)
            _ = try await store.publish(.test("fresh", generation: 2), for: key, releasing: lease)
            guard case .superseded(let token) = try await store.claimRefresh(key, replacing: 1, leaseDuration: .seconds(30))
            else { Issue.record("a claim for a replaced generation was not superseded"); return }
            #expect(token.value.revealed == "fresh")
            // The publish released the lease: a claim for generation 2 (a 401 of it) is acquired at once.
            guard case .acquired(let next) = try await store.claimRefresh(key, replacing: 2, leaseDuration: .seconds(30))
            else { Issue.record("the published lease was not released"); return }
            #expect(next.nextGeneration == 3)
        }
    }

    @Test func anExpiredStoredTokenNeverSupersedes() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        try await PostgresTestDatabase.withClient { client in
            let store = try store(client, table: table)
            _ = try await store.publish(.test("stale", generation: 5, expiresIn: -1), for: key, releasing: nil)
            // A process with no token must not be handed the expired one: it gets the lease instead.
            guard case .acquired(let lease) = try await store.claimRefresh(key, replacing: nil, leaseDuration: .seconds(5))
            else { Issue.record("an expired stored token was served as superseding"); return }
            #expect(lease.nextGeneration == 6)
        }
    }

    @Test func leasesLapseOnTheDatabaseClockNotTheReplicas() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        try await PostgresTestDatabase.withClient { client in
            // Two replicas whose clocks are two hours apart.
            let ahead = try store(client, table: table, clock: SkewedClock(skew: 3600))
            let behind = try store(client, table: table, clock: SkewedClock(skew: -3600))
            guard case .acquired(let lease) = try await ahead.claimRefresh(key, replacing: nil, leaseDuration: .milliseconds(1500))
            else { Issue.record("the first claim was not acquired"); return }
            // The lease's end is on the database's clock (this machine's), not the replica's (an hour ahead).
            #expect(abs(lease.expiresAt.timeIntervalSince(Date.now)) < 30)
            guard case .held(let until) = try await behind.claimRefresh(key, replacing: nil, leaseDuration: .seconds(5))
            else { Issue.record("a live lease was claimed twice"); return }
            #expect(until == lease.expiresAt)
            try await Task.sleep(for: .milliseconds(1700))
            // Lapsed on the database's clock: the replica that is an hour behind takes over.
            guard case .acquired(let takeover) = try await behind.claimRefresh(key, replacing: nil, leaseDuration: .seconds(5))
            else { Issue.record("a lapsed lease was not taken over"); return }
            #expect(takeover.holder != lease.holder)
            // The lapsed holder cannot release the new holder's lease.
            try await ahead.release(lease)
            guard case .held = try await ahead.claimRefresh(key, replacing: nil, leaseDuration: .seconds(5))
            else { Issue.record("a lapsed holder released another's lease"); return }
        }
    }

    @Test func notifyWakesAWaiterInAnotherProcessLongBeforeItsPoll() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        // Two clients: the waiter's store hears only the database's NOTIFY, not the publisher's local wake-up.
        try await PostgresTestDatabase.withClient { publisherClient in
            try await PostgresTestDatabase.withClient { waiterClient in
                let publisher = try store(publisherClient, table: table)
                let waiter = try store(waiterClient, table: table, poll: .seconds(600))
                try await waiter.prepare()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await waiter.run() }
                    defer { group.cancelAll() }
                    guard case .acquired(let lease) = try await publisher.claimRefresh(key, replacing: nil, leaseDuration: .seconds(60))
                    else { Issue.record("no lease"); return }
                    try await Task.sleep(for: .milliseconds(300))  // let the listener start listening
                    let started = ContinuousClock.now
                    async let token = waiter.waitForToken(key, newerThan: nil, timeout: .seconds(20))
                    try await Task.sleep(for: .milliseconds(300))
                    _ = try await publisher.publish(.test("notified", generation: 1), for: key, releasing: lease)
                    // Without NOTIFY the waiter would look again only after its 600 s poll: it would time out (nil).
                    #expect(try await token?.value.revealed == "notified")
                    #expect(ContinuousClock.now - started < .seconds(15))
                }
            }
        }
    }

    @Test func waitersPollWhenNoListenerRuns() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        try await PostgresTestDatabase.withClient { publisherClient in
            try await PostgresTestDatabase.withClient { waiterClient in
                let publisher = try store(publisherClient, table: table)
                let waiter = try store(waiterClient, table: table, poll: .milliseconds(100))  // run() never called
                guard case .acquired(let lease) = try await publisher.claimRefresh(key, replacing: nil, leaseDuration: .seconds(60))
                else { Issue.record("no lease"); return }
                async let token = waiter.waitForToken(key, newerThan: nil, timeout: .seconds(20))
                try await Task.sleep(for: .milliseconds(300))
                _ = try await publisher.publish(.test("polled", generation: 1), for: key, releasing: lease)
                #expect(try await token?.value.revealed == "polled")
                // A released lease (failed exchange) sends the waiter back to claim instead of waiting it out.
                guard case .acquired(let second) = try await publisher.claimRefresh(key, replacing: 1, leaseDuration: .seconds(60))
                else { Issue.record("no second lease"); return }
                async let none = waiter.waitForToken(key, newerThan: 1, timeout: .seconds(20))
                try await Task.sleep(for: .milliseconds(200))
                try await publisher.release(second)
                #expect(try await none == nil)
            }
        }
    }

    @Test func aCorruptRowIsATypedErrorAndTheNextHolderRepairsIt() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        try await PostgresTestDatabase.withClient { client in
            let store = try store(client, table: table)
            _ = try await store.publish(.test("good", generation: 3), for: key, releasing: nil)
            for garbage in ["'\\x0102'::bytea", "'\\x01' || sealed", "overlay(sealed placing '\\xff'::bytea from 20 for 1)"] {
                try await PostgresTestDatabase.execute(
                    "UPDATE \(table) SET sealed = \(garbage) WHERE key = '\(key.rawValue)'", on: client)
                let loaded = await kind { _ = try await store.load(key) }
                #expect(loaded == .corrupt || loaded == .unsealable)
            }
            // The row's generation disagrees with its sealed copy (a replayed row): corrupt.
            _ = try await store.publish(.test("good", generation: 4), for: key, releasing: nil)
            try await PostgresTestDatabase.execute("UPDATE \(table) SET generation = 9 WHERE key = '\(key.rawValue)'", on: client)
            #expect(await kind { _ = try await store.load(key) } == .corrupt)
            // A claim over an unreadable row is acquired, and its publish replaces the row.
            guard case .acquired(let lease) = try await store.claimRefresh(key, replacing: nil, leaseDuration: .seconds(5))
            else { Issue.record("a corrupt row blocked the lease"); return }
            #expect(lease.nextGeneration == 10)
            _ = try await store.publish(.test("repaired", generation: 10), for: key, releasing: lease)
            #expect(try await store.load(key)?.value.revealed == "repaired")
        }
    }

    @Test func aRowSealedWithAnotherKeyIsUnsealableAndTakenOver() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        try await PostgresTestDatabase.withClient { client in
            let old = try store(client, table: table, sealer: PostgresTestDatabase.sealer(keyID: "2026-10", seed: 1))
            let rotated = try store(client, table: table, sealer: PostgresTestDatabase.sealer(keyID: "2026-11", seed: 2))
            let forged = try store(client, table: table, sealer: PostgresTestDatabase.sealer(keyID: "2026-10", seed: 3))
            _ = try await old.publish(.test("old", generation: 1), for: key, releasing: nil)
            #expect(await kind { _ = try await rotated.load(key) } == .unsealable)
            #expect(await kind { _ = try await forged.load(key) } == .unsealable)
            // A row moved to another credential does not open there.
            let other = TokenStoreKey(rawValue: String(repeating: "cd", count: 32))
            try await PostgresTestDatabase.execute(
                "INSERT INTO \(table) (key, generation, sealed, key_id) SELECT '\(other.rawValue)', generation, sealed, key_id FROM \(table) WHERE key = '\(key.rawValue)'",
                on: client)
            #expect(await kind { _ = try await old.load(other) } == .unsealable)
            // After a key rotation the new key's holder takes the lease and replaces the row.
            guard case .acquired(let lease) = try await rotated.claimRefresh(key, replacing: nil, leaseDuration: .seconds(5))
            else { Issue.record("a row under another key blocked the lease"); return }
            _ = try await rotated.publish(.test("new", generation: lease.nextGeneration), for: key, releasing: lease)
            #expect(try await rotated.load(key)?.value.revealed == "new")
        }
    }

    @Test func aWrongSchemaIsATypedErrorOnEveryOperation() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        try await PostgresTestDatabase.withClient { client in
            try await PostgresTestDatabase.execute("CREATE TABLE \(table) (key text PRIMARY KEY, token text)", on: client)
            let store = try store(client, table: table)
            #expect(await kind { try await store.prepare() } == .schemaMismatch)
            #expect(await kind { _ = try await store.load(key) } == .schemaMismatch)
            #expect(await kind {
                _ = try await store.claimRefresh(key, replacing: nil, leaseDuration: .seconds(1))
            } == .schemaMismatch)
            // The right columns without the marker (another program's table) are refused too.
            let lookalike = PostgresTestDatabase.uniqueTable()
            let fresh = try self.store(client, table: lookalike)
            try await fresh.prepare()
            try await PostgresTestDatabase.execute("COMMENT ON TABLE \(lookalike) IS 'something else'", on: client)
            let second = try self.store(client, table: lookalike)
            #expect(await kind { try await second.prepare() } == .schemaMismatch)
            // An unusable table name never reaches SQL.
            let injected = try self.store(client, table: "tokens; DROP TABLE x")
            #expect(await kind { try await injected.prepare() } == .schemaMismatch)
        }
    }

    @Test func aDroppedConnectionMidLeaseIsATypedErrorAndTheLeaseLapses() async throws {
        let table = PostgresTestDatabase.uniqueTable()
        try await PostgresTestDatabase.withClient { client in
            try await PostgresTestDatabase.withClient { admin in
                let store = try store(client, table: table)
                _ = try await store.publish(.test("expired", generation: 1, expiresIn: -1), for: key, releasing: nil)
                guard case .acquired(let lease) = try await store.claimRefresh(key, replacing: 1, leaseDuration: .milliseconds(800))
                else { Issue.record("no lease"); return }
                // Every connection of the holder's client is killed while it exchanges.
                try await PostgresTestDatabase.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND application_name = ''",
                    on: admin)
                // Its publish either reconnects and succeeds, or fails with a typed error: never a crash.
                let outcome = await kind {
                    _ = try await store.publish(.test("fresh", generation: lease.nextGeneration), for: key, releasing: lease)
                }
                #expect(outcome == nil || outcome == .unavailable)
                if outcome == .unavailable {
                    // The lease lapses on the database's clock and another holder takes over; nobody is handed the
                    // expired token meanwhile.
                    let other = try self.store(admin, table: table)
                    try await Task.sleep(for: .milliseconds(1000))
                    guard case .acquired = try await other.claimRefresh(key, replacing: 1, leaseDuration: .seconds(5))
                    else { Issue.record("the dropped holder's lease never lapsed"); return }
                } else {
                    #expect(try await store.load(key)?.value.revealed == "fresh")
                }
            }
        }
    }

    @Test func anUnreachableDatabaseIsUnavailableWithinTheTimeout() async throws {
        // A port nobody listens on.
        try await PostgresTestDatabase.withClient(port: 1) { client in
            let store = PostgresTokenStore(
                client: client, sealer: try PostgresTestDatabase.sealer(),
                configuration: .init(table: PostgresTestDatabase.uniqueTable(), operationTimeout: .seconds(1)))
            let started = ContinuousClock.now
            #expect(await kind { _ = try await store.load(key) } == .unavailable)
            #expect(await kind { _ = try await store.publish(.test("x", generation: 1), for: key, releasing: nil) } == .unavailable)
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }
}
