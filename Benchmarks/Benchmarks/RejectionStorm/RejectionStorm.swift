// Suite 2: 1,000 concurrent requests through the standard pipeline are answered 401 for one token generation;
// the exchange takes 20 ms on the real clock. Each iteration is one storm on a new source. (The storm's body is in
// BenchmarkSupport/Storms.swift, shared with the StormProbe that scripts/callgrind-storms.sh runs.)
import Benchmark
import BenchmarkSupport
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
