import Foundation
import PostgresNIO
import ScopedAuth
import ScopedAuthTesting
import Testing

/// The FleetStorm benchmark (`Benchmarks/fleet-storm.sh`): exchanges per fleet storm and the storm's wall time
/// relative to a single-process storm measured in the same run. Runs only with `SCOPEDAUTH_FLEET_BENCHMARK=1`
/// (rounds in `SCOPEDAUTH_FLEET_ROUNDS`, default 5): figures, not a timed unit test.
@Suite(
    "FleetStorm benchmark", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["SCOPEDAUTH_FLEET_BENCHMARK"] == "1" && PostgresTestDatabase.isConfigured,
             "the FleetStorm benchmark runs from Benchmarks/fleet-storm.sh"))
struct FleetStormBenchmark {
    struct Round {
        var exchanges: Int
        var wallMilliseconds: Double
        var failed: Int
    }

    /// One storm: `size` fresh processes × `callers` on an expired stored token; wall time is the slowest member's
    /// time from the command to its last caller answered (process start-up excluded).
    private func round(size: Int, callers: Int, store: Bool, emulator: LoopbackEmulator, table: String,
                       client: PostgresClient) async throws -> Round {
        try await Fleet.expireStoredToken(table: table, client: client)
        let fleet = try Fleet(size: size, emulator: emulator, table: table, store: store)
        try await fleet.ready()
        emulator.emulator.counters.reset()
        let results = try await fleet.storm("token \(callers)")
        let exchanges = emulator.emulator.counters.exchanges(.spacelift)
        await fleet.stop()
        return Round(exchanges: exchanges, wallMilliseconds: results.map(\.milliseconds).max() ?? 0,
                     failed: results.map(\.failed).reduce(0, +))
    }

    @Test func fleetStorm() async throws {
        let rounds = ProcessInfo.processInfo.environment["SCOPEDAUTH_FLEET_ROUNDS"].flatMap(Int.init) ?? 5
        let size = FleetTests.processes
        let callers = FleetTests.callers
        let emulator = try await LoopbackEmulator.start()
        let table = PostgresTestDatabase.uniqueTable("bench")
        try await PostgresTestDatabase.withClient { client in
            try await Fleet.seedExpiredToken(emulator: emulator, table: table, client: client)
            var rows: [(String, [Round])] = []
            for (name, processes, store) in [
                ("single process, no store", 1, false), ("single process, PostgreSQL store", 1, true),
                ("fleet of \(size), PostgreSQL store", size, true), ("fleet of \(size), no store", size, false),
            ] {
                var measured: [Round] = []
                for _ in 0..<rounds {
                    measured.append(try await round(size: processes, callers: callers, store: store, emulator: emulator,
                                                    table: table, client: client))
                }
                rows.append((name, measured))
            }
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            let baseline = median(rows[0].1.map(\.wallMilliseconds))
            var report = "FleetStorm: \(callers) callers per process on an expired token, \(rounds) rounds, medians\n"
            report += "| Storm | Exchanges per storm | Wall time (ms) | × single process |\n| --- | --- | --- | --- |\n"
            for (name, measured) in rows {
                let wall = median(measured.map(\.wallMilliseconds))
                let exchanges = Set(measured.map(\.exchanges)).sorted().map(String.init).joined(separator: "/")
                report += "| \(name) | \(exchanges) | \(String(format: "%.1f", wall)) | \(String(format: "%.2f", wall / baseline)) |\n"
            }
            print(report)
            #expect(rows.allSatisfy { $0.1.allSatisfy { $0.failed == 0 } })
            #expect(rows[2].1.allSatisfy { $0.exchanges == 1 })
        }
        await emulator.stop()
    }
}
