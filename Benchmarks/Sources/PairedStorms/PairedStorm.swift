public import Benchmark
public import BenchmarkSupport
import Synchronization

/// The paired storm benchmarks of `RefreshStorm` and `RejectionStorm`: TokenSession's storm and its floor in every
/// iteration, the order alternating, so that each ratio pairs two storms made under the same load.
public enum PairedStorm {
    /// Storm ÷ floor wall time of one iteration, in percent: the figure the issue-21 targets are held to.
    public static let ratio = BenchmarkMetric.custom(
        "storm ÷ floor, wall time (%)", polarity: .prefersSmaller, useScalingFactor: false)
    /// The storm's wall time in one iteration.
    public static let stormWall = BenchmarkMetric.custom(
        "storm, wall time (ms)", polarity: .prefersSmaller, useScalingFactor: false)
    /// The floor's wall time in one iteration.
    public static let floorWall = BenchmarkMetric.custom(
        "floor, wall time (ms)", polarity: .prefersSmaller, useScalingFactor: false)

    /// The configuration of a paired benchmark recording these figures and `extra` ones.
    public static func configuration(extra: [BenchmarkMetric] = []) -> Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [ratio, stormWall, floorWall] + extra, timeUnits: .milliseconds, warmupIterations: 1,
            maxDuration: isCIMode ? .seconds(3) : .seconds(20), maxIterations: isCIMode ? 3 : 20)
    }

    /// Runs `storm` and `floor` once each, storm first on even iterations, and records their wall times and ratio.
    ///
    /// Each closure runs its storm with the measurement it is given, which times the storm's measured part.
    public static func run(
        _ benchmark: Benchmark,
        storm: (StormMeasurement) async throws -> Void,
        floor: (StormMeasurement) async throws -> Void
    ) async throws {
        let stormFirst = iteration.add(1, ordering: .relaxed).newValue.isMultiple(of: 2)
        let (stormTime, floorTime) = (StormStopwatch(), StormStopwatch())
        for stormsTurn in stormFirst ? [true, false] : [false, true] {
            if stormsTurn {
                try await storm(.timed(by: stormTime))
            } else {
                try await floor(.timed(by: floorTime))
            }
        }
        benchmark.measurement(ratio, percentage(stormTime.milliseconds, of: floorTime.milliseconds))
        benchmark.measurement(stormWall, Int(stormTime.milliseconds ?? 0))
        benchmark.measurement(floorWall, Int(floorTime.milliseconds ?? 0))
    }

    private static let iteration = Atomic<Int>(0)
}
