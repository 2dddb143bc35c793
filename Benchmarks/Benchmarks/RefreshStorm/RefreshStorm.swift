// Suite 1: 10,000 concurrent callers ask for a token that expired a moment ago; the exchange takes 20 ms on the
// real clock. Each iteration is one storm on a new source whose one token has just expired.
import Benchmark
import BenchmarkSupport
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
        await parkingFloor(benchmark, callers: callers)
    }
    for strategy in Strategy.allCases {
        Benchmark("\(strategy.rawValue), \(callers) callers", configuration: configuration) { benchmark in
            try await refreshStorm(benchmark, strategy: strategy, callers: callers)
        }
    }
}

/// A bare actor holding the continuations of parked callers: what a storm costs without any session logic.
actor ParkedContinuations {
    private var parked: [CheckedContinuation<Void, Never>] = []
    private var released = false

    /// Parks until ``release()``; returns at once after it.
    func park() async {
        if released { return }
        await withCheckedContinuation { parked.append($0) }
    }

    /// Resumes every parked caller.
    func release() {
        released = true
        for continuation in parked { continuation.resume() }
        parked = []
    }
}

/// The floor of a storm: `callers` tasks park on a bare actor's continuations; one task sleeps 20 ms (the
/// exchange's latency) on the same clock and releases them all.
nonisolated func parkingFloor(_ benchmark: Benchmark, callers: Int) async {
    let clock = SystemAuthClock()
    let lot = ParkedContinuations()
    benchmark.startMeasurement()
    await withTaskGroup(of: Void.self) { group in
        group.addTask {
            try? await clock.sleep(for: .milliseconds(20))
            await lot.release()
        }
        for _ in 0..<callers {
            group.addTask { await lot.park() }
        }
        await group.waitForAll()
    }
    benchmark.stopMeasurement()
    benchmark.measurement(exchanges, 1)
}

/// One storm: a source with one token that lives 100 ms, a wait until it has expired, then `callers` concurrent
/// calls to `token()`. Only the storm is measured.
nonisolated func refreshStorm(_ benchmark: Benchmark, strategy: Strategy, callers: Int) async throws {
    let lifetime = Duration.milliseconds(100)
    let fixture = ExchangeFixture(latency: .milliseconds(20), lifetime: lifetime)
    let source = fixture.source(strategy)
    let first = try await source.token()
    try await fixture.clock.sleep(until: first.expiresAt.map { $0 + .milliseconds(10) } ?? fixture.clock.now)
    let before = fixture.exchanges

    benchmark.startMeasurement()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<callers {
            group.addTask { _ = try await source.token() }
        }
        try await group.waitForAll()
    }
    benchmark.stopMeasurement()

    benchmark.measurement(exchanges, fixture.exchanges - before)
    if let session = source as? TokenSession { await session.shutdown() }
}
