// Suite 2: 1,000 concurrent requests through the standard pipeline are answered 401 for one token generation;
// the exchange takes 20 ms on the real clock. Each iteration is one storm on a new source. (The storm's body is in
// BenchmarkSupport/Storms.swift, shared with the StormProbe that scripts/callgrind-storms.sh runs.)
import Benchmark
import BenchmarkSupport
import PairedStorms
import ScopedAuth

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
    // The target's yardstick: TokenSession's storm and its floor in every iteration, the order alternating; with
    // where the storm's extra time goes.
    Benchmark(
        "paired: (c) TokenSession and its floor, \(requests) requests",
        configuration: PairedStorm.configuration(extra: [exchangeDelay, replayPass])
    ) { benchmark in
        let (stormPhases, floorPhases) = (StormPhases(), StormPhases())
        try await PairedStorm.run(
            benchmark,
            storm: { measurement in
                try await pairedSide(benchmark, requests: requests, rejecting: true, phases: stormPhases, measurement)
            },
            floor: { measurement in
                try await pairedSide(benchmark, requests: requests, rejecting: false, phases: floorPhases, measurement)
            })
        let (storm, floor) = (stormPhases.seen, floorPhases.seen)
        benchmark.measurement(
            exchangeDelay, Int((storm.milliseconds(from: \.released, to: \.exchangeStarted) ?? 0) * 1_000))
        benchmark.measurement(
            replayPass,
            percentage(
                storm.milliseconds(from: \.firstPassedOn, to: \.lastPassedOn),
                of: floor.milliseconds(from: \.firstPassedOn, to: \.lastPassedOn)))
    }
}

/// The paired benchmark's breakdown of the 401 storm, per iteration.
let exchangeDelay = BenchmarkMetric.custom(
    "exchange began after the 401s (µs)", polarity: .prefersSmaller, useScalingFactor: false)
let replayPass = BenchmarkMetric.custom(
    "replays ÷ floor's requests, first to last sent (%)", polarity: .prefersSmaller, useScalingFactor: false)

/// One side of the paired benchmark: TokenSession's storm (`rejecting`) or its floor, noting its phases.
nonisolated func pairedSide(
    _ benchmark: Benchmark, requests: Int, rejecting: Bool, phases: StormPhases, _ measurement: StormMeasurement
) async throws {
    let counts = try await rejectionStorm(
        strategy: .tokenSession, requests: requests, rejecting: rejecting, phases: phases, measurement: measurement)
    if counts.failed > 0 || counts.refreshes != (rejecting ? 1 : 0) {
        benchmark.error("a paired storm went wrong: \(counts)")
    }
}

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
