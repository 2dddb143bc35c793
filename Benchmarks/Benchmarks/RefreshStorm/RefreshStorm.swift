// Suite 1: 10,000 concurrent callers ask for a token that expired a moment ago; the exchange takes 20 ms on the
// real clock. Each iteration is one storm on a new source whose one token has just expired. (The storms' bodies
// are in BenchmarkSupport/Storms.swift, shared with the StormProbe that scripts/callgrind-storms.sh runs.)
import Benchmark
import BenchmarkSupport
import PairedStorms
import ScopedAuth

let exchanges = BenchmarkMetric.custom("exchanges per storm", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let callers = 10_000
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, exchanges],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: isCIMode ? .seconds(3) : .seconds(10),
        maxIterations: isCIMode ? 3 : 20
    )
    // The floor: the same tasks parking on continuations, released when one 20 ms sleep ends, no ScopedAuth.
    Benchmark("(floor) parked continuations, \(callers) callers", configuration: configuration) { benchmark in
        benchmark.measurement(exchanges, await parkingFloor(callers: callers, measurement: benchmark.storm).exchanges)
    }
    for strategy in Strategy.allCases {
        Benchmark("\(strategy.rawValue), \(callers) callers", configuration: configuration) { benchmark in
            let count = try await refreshStorm(strategy: strategy, callers: callers, measurement: benchmark.storm)
            benchmark.measurement(exchanges, count.exchanges)
        }
    }
    // The target's yardstick: TokenSession's storm and the floor in every iteration, the order alternating.
    Benchmark(
        "paired: (c) TokenSession and the floor, \(callers) callers", configuration: PairedStorm.configuration()
    ) { benchmark in
        try await PairedStorm.run(
            benchmark,
            storm: { measurement in
                let count = try await refreshStorm(strategy: .tokenSession, callers: callers, measurement: measurement)
                if count.exchanges != 1 { benchmark.error("the storm made \(count.exchanges) exchanges") }
            },
            floor: { measurement in _ = await parkingFloor(callers: callers, measurement: measurement) })
    }
}

extension Benchmark {
    /// The storm's measured part is this benchmark's measurement.
    var storm: StormMeasurement {
        StormMeasurement(start: { self.startMeasurement() }, stop: { self.stopMeasurement() })
    }
}
