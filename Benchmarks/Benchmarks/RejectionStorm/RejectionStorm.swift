// Suite 2: 1,000 concurrent requests through the standard pipeline are answered 401 for one token generation;
// the exchange takes 20 ms on the real clock. Each iteration is one storm on a new source. (The storm's body is in
// BenchmarkSupport/Storms.swift, shared with the StormProbe that scripts/callgrind-storms.sh runs.)
import Benchmark
import BenchmarkSupport
import ScopedAuth
import Synchronization

let refreshes = BenchmarkMetric.custom("refreshes per storm", polarity: .prefersSmaller, useScalingFactor: false)
let replays = BenchmarkMetric.custom("replays per storm", polarity: .prefersSmaller, useScalingFactor: false)
let maximumSends = BenchmarkMetric.custom(
    "most sends of one request", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let requests = 1_000
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, refreshes, replays, maximumSends],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: isCIMode ? .seconds(3) : .seconds(10),
        maxIterations: isCIMode ? 3 : 20
    )
    // The floor: the same requests through the same pipeline and transport with a token that is never rejected.
    Benchmark("(floor) never rejected, \(requests) requests", configuration: configuration) { benchmark in
        try await storm(benchmark, strategy: .tokenSession, requests: requests, rejecting: false)
    }
    for strategy in Strategy.allCases {
        Benchmark("\(strategy.rawValue), \(requests) requests", configuration: configuration) { benchmark in
            try await storm(benchmark, strategy: strategy, requests: requests, rejecting: true)
        }
    }
    // The target's yardstick: TokenSession's storm and its floor in every iteration, the order alternating, so that
    // each ratio pairs two storms made under the same load; with where the storm's extra time goes.
    let paired = Benchmark.Configuration(
        metrics: Paired.all, timeUnits: .milliseconds, warmupIterations: 1,
        maxDuration: isCIMode ? .seconds(3) : .seconds(20), maxIterations: isCIMode ? 3 : 20)
    Benchmark("paired: (c) TokenSession and its floor, \(requests) requests", configuration: paired) { benchmark in
        let iteration = pairedIteration.add(1, ordering: .relaxed).newValue
        var storm: (StormStopwatch, StormPhases)?
        var floor: (StormStopwatch, StormPhases)?
        for rejecting in iteration.isMultiple(of: 2) ? [true, false] : [false, true] {
            let stopwatch = StormStopwatch()
            let phases = StormPhases()
            let counts = try await rejectionStorm(
                strategy: .tokenSession, requests: requests, rejecting: rejecting, phases: phases,
                measurement: .timed(by: stopwatch))
            if counts.failed > 0 || counts.refreshes != (rejecting ? 1 : 0) {
                benchmark.error("a paired storm went wrong: \(counts)")
            }
            if rejecting { storm = (stopwatch, phases) } else { floor = (stopwatch, phases) }
        }
        guard let storm, let floor else { return }
        let (stormPhases, floorPhases) = (storm.1.seen, floor.1.seen)
        benchmark.measurement(Paired.ratio, percentage(storm.0.milliseconds, of: floor.0.milliseconds))
        benchmark.measurement(Paired.stormWall, Int(storm.0.milliseconds ?? 0))
        benchmark.measurement(Paired.floorWall, Int(floor.0.milliseconds ?? 0))
        benchmark.measurement(
            Paired.exchangeDelay,
            Int((stormPhases.milliseconds(from: \.released, to: \.exchangeStarted) ?? 0) * 1_000))
        benchmark.measurement(
            Paired.replayPass,
            percentage(
                stormPhases.milliseconds(from: \.firstPassedOn, to: \.lastPassedOn),
                of: floorPhases.milliseconds(from: \.firstPassedOn, to: \.lastPassedOn)))
    }
}

/// The paired benchmark's figures, per iteration.
enum Paired {
    static let ratio = BenchmarkMetric.custom(
        "storm ÷ floor, wall time (%)", polarity: .prefersSmaller, useScalingFactor: false)
    static let stormWall = BenchmarkMetric.custom(
        "storm, wall time (ms)", polarity: .prefersSmaller, useScalingFactor: false)
    static let floorWall = BenchmarkMetric.custom(
        "floor, wall time (ms)", polarity: .prefersSmaller, useScalingFactor: false)
    static let exchangeDelay = BenchmarkMetric.custom(
        "exchange began after the 401s (µs)", polarity: .prefersSmaller, useScalingFactor: false)
    static let replayPass = BenchmarkMetric.custom(
        "replays ÷ floor's requests, first to last sent (%)", polarity: .prefersSmaller, useScalingFactor: false)
    static let all = [ratio, stormWall, floorWall, exchangeDelay, replayPass]
}

let pairedIteration = Atomic<Int>(0)

/// One storm measured by `benchmark`, with its counts as the custom metrics.
nonisolated func storm(_ benchmark: Benchmark, strategy: Strategy, requests: Int, rejecting: Bool) async throws {
    let measurement = StormMeasurement(start: { benchmark.startMeasurement() }, stop: { benchmark.stopMeasurement() })
    let counts = try await rejectionStorm(
        strategy: strategy, requests: requests, rejecting: rejecting, measurement: measurement)
    if counts.failed > 0 { benchmark.error("\(counts.failed) requests did not end with HTTP 200") }
    benchmark.measurement(refreshes, counts.refreshes)
    benchmark.measurement(replays, counts.replays)
    benchmark.measurement(maximumSends, counts.maximumSends)
}
