import Foundation
import PostgresNIO
import ScopedAuth
import ScopedAuthPostgres
import ScopedAuthTesting
import Testing

/// A fleet of real OS processes (`scopedauth-fleet-member`) sharing one Spacelift token through PostgreSQL, against
/// the emulator over loopback HTTP. The emulator counts the exchanges.
@Suite(
    "Fleet: processes share one token through PostgreSQL", .serialized,
    .enabled(if: PostgresTestDatabase.shouldRun, PostgresTestDatabase.skipMessage))
struct FleetTests {
    static let processes = 8
    static let callers = 1250

    private func withFleetSetUp(
        _ body: @Sendable (LoopbackEmulator, String, PostgresClient) async throws -> Void
    ) async throws {
        let emulator = try await LoopbackEmulator.start()
        let table = PostgresTestDatabase.uniqueTable("fleet")
        do {
            try await PostgresTestDatabase.withClient { client in
                try await body(emulator, table, client)
            }
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    @Test("8 processes × 1,250 callers on an expired token: 1 exchange with the store, 8 without")
    func fleetStormExchangesOnce() async throws {
        try await withFleetSetUp { emulator, table, client in
            try await Fleet.seedExpiredToken(emulator: emulator, table: table, client: client)
            let counters = emulator.emulator.counters

            let shared = try Fleet(size: Self.processes, emulator: emulator, table: table)
            try await shared.ready()
            counters.reset()
            let sharedResults = try await shared.storm("token \(Self.callers)")
            let sharedExchanges = counters.exchanges(.spacelift)
            await shared.stop()

            let alone = try Fleet(size: Self.processes, emulator: emulator, table: table, store: false)
            try await alone.ready()
            counters.reset()
            let aloneResults = try await alone.storm("token \(Self.callers)")
            let aloneExchanges = counters.exchanges(.spacelift)
            await alone.stop()

            print("""
                fleet storm, \(Self.processes) processes × \(Self.callers) callers on an expired token:
                  exchanges   with the PostgreSQL store: \(sharedExchanges)   without a store: \(aloneExchanges)
                  distinct tokens served            : \(Set(sharedResults.flatMap(\.tokens)).count)                   : \(Set(aloneResults.flatMap(\.tokens)).count)
                """)
            #expect(sharedExchanges == 1)
            #expect(aloneExchanges == Self.processes)
            for result in sharedResults + aloneResults {
                #expect(result.ok == Self.callers)
                #expect(result.failed == 0)
            }
            // Every caller of the fleet got the one token.
            #expect(Set(sharedResults.flatMap(\.tokens)).count == 1)
        }
    }

    @Test("the lease holder is SIGKILLed during its exchange: another takes over after the lapse; exchanges = 2")
    func killedLeaseHolderIsTakenOver() async throws {
        try await withFleetSetUp { emulator, table, client in
            try await Fleet.seedExpiredToken(emulator: emulator, table: table, client: client)
            let counters = emulator.emulator.counters
            let fleet = try Fleet(size: Self.processes, emulator: emulator, table: table, leaseMilliseconds: 2000)
            try await fleet.ready()
            counters.reset()
            // The first exchange (the holder's) takes 3 s: the holder is killed in the middle of it.
            emulator.emulator.faults.inject(.latency(.seconds(3)), on: .spacelift, times: 1)
            for member in fleet.members { member.send("token \(Self.callers)") }
            let holder = try await firstExchanging(fleet.members, emulator: emulator)
            holder.kill()
            let survivors = fleet.members.filter { $0.index != holder.index }
            var results: [StormResult] = []
            for member in survivors { results.append(StormResult(try await member.line(startingWith: "done"))) }
            try await Task.sleep(for: .seconds(3))  // the killed holder's request finishes on the server
            let exchanges = counters.exchanges(.spacelift)
            print("lease holder (pid \(holder.pid)) SIGKILLed mid-exchange: exchanges = \(exchanges), survivors answered: \(results.map(\.ok))")
            await fleet.stop()
            #expect(exchanges == 2)
            #expect(results.count == Self.processes - 1)
            for result in results {
                #expect(result.ok == Self.callers)
                #expect(result.failed == 0)
            }
            #expect(Set(results.flatMap(\.tokens)).count == 1)
        }
    }

    @Test("PostgreSQL stopped mid-storm: every caller answered by the local fallback; back up, the fleet converges")
    func databaseStoppedMidStormFallsBackThenConverges() async throws {
        try await withFleetSetUp { emulator, table, client in
            try await Fleet.seedExpiredToken(emulator: emulator, table: table, client: client)
            trace("seeded")
            let counters = emulator.emulator.counters
            let fleet = try Fleet(size: Self.processes, emulator: emulator, table: table, leaseMilliseconds: 3000)
            try await fleet.ready()
            trace("ready")
            counters.reset()
            emulator.emulator.faults.inject(.latency(.milliseconds(1500)), on: .spacelift, times: 1)
            for member in fleet.members { member.send("token \(Self.callers)") }
            _ = try await firstExchanging(fleet.members, emulator: emulator)
            trace("exchanging seen; pausing PostgreSQL")
            try PostgresTestDatabase.control("pause")
            trace("paused")
            var results: [StormResult] = []
            do {
                for member in fleet.members {
                    results.append(StormResult(try await member.line(startingWith: "done", timeout: .seconds(45))))
                }
            } catch {
                try? PostgresTestDatabase.control("resume")
                for member in fleet.members { print("member \(member.index): \(member.output.suffix(8))") }
                await fleet.stop()
                throw error
            }
            let fallbackExchanges = counters.exchanges(.spacelift)
            trace("all answered; resuming")
            try PostgresTestDatabase.control("resume")
            trace("resumed")
            for result in results {
                #expect(result.ok == Self.callers)
                #expect(result.failed == 0)
            }
            #expect(fallbackExchanges >= 1 && fallbackExchanges <= Self.processes)

            // Back up: once every member reaches the store again, a fleet-wide rejection refreshes once, and every
            // member ends on the same token.
            try await waitForStore(fleet.members)
            trace("store reachable again")
            emulator.emulator.spacelift.revokeIssuedTokens()
            counters.reset()
            let after = try await fleet.storm("request 50")
            let convergeExchanges = counters.exchanges(.spacelift)
            print("PostgreSQL stopped mid-storm: \(fallbackExchanges) local fallback exchanges, all \(results.map(\.ok).reduce(0, +)) callers answered; back up: \(convergeExchanges) exchange, \(Set(after.flatMap(\.tokens)).count) token fleet-wide")
            await fleet.stop()
            #expect(convergeExchanges == 1)
            #expect(after.allSatisfy { $0.failed == 0 })
            #expect(Set(after.flatMap(\.tokens)).count == 1)
        }
    }

    @Test("a 401 storm across the fleet for one generation: 1 refresh in total")
    func unauthorizedStormRefreshesOnce() async throws {
        try await withFleetSetUp { emulator, table, client in
            try await Fleet.seedExpiredToken(emulator: emulator, table: table, client: client)
            let counters = emulator.emulator.counters
            let fleet = try Fleet(size: Self.processes, emulator: emulator, table: table)
            try await fleet.ready()
            // Every member holds the fleet's token…
            let before = try await fleet.storm("token 1")
            #expect(Set(before.flatMap(\.tokens)).count == 1)
            // …which the server then rejects: every member's callers see 401s for that one generation.
            emulator.emulator.spacelift.revokeIssuedTokens()
            counters.reset()
            let results = try await fleet.storm("request 125")
            let exchanges = counters.exchanges(.spacelift)
            let rejected = counters.unauthorized(.spacelift)
            print("401 storm across \(Self.processes) processes: \(rejected) rejections, \(exchanges) refresh")
            await fleet.stop()
            #expect(exchanges == 1)
            #expect(rejected >= Self.processes)
            for result in results { #expect(result.failed == 0) }
            #expect(Set(results.flatMap(\.tokens)).count == 1)
        }
    }

    /// The member whose exchange the emulator is answering now: it announced it, and the emulator took the
    /// latency fault for it (so the exchange reached the server, which will count it).
    private func trace(_ line: String) {
        FileHandle.standardError.write(Data(("fleet: " + line + "\n").utf8))
    }

    private func firstExchanging(_ members: [FleetMember], emulator: LoopbackEmulator) async throws -> FleetMember {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if emulator.emulator.counters.faultsServed(.spacelift) > 0,
               let member = members.first(where: { $0.count("exchanging") > 0 })
            {
                return member
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw FleetError("no member started an exchange")
    }

    private func waitForStore(_ members: [FleetMember]) async throws {
        for member in members {
            var reached = false
            for attempt in 0..<100 where !reached {
                member.send("probe")
                reached = try await member.line(startingWith: "probe", skip: attempt) == "probe ok"
                if !reached { try await Task.sleep(for: .milliseconds(200)) }
            }
            guard reached else { throw FleetError("member \(member.index) never reached PostgreSQL again") }
        }
    }
}
