// Suite 2: 1,000 concurrent requests through the standard pipeline are answered 401 for one token generation;
// the exchange takes 20 ms on the real clock. Each iteration is one storm on a new source.
import Benchmark
import BenchmarkSupport
import Foundation
import ScopedAuth

let refreshes = BenchmarkMetric.custom("refreshes per storm", polarity: .prefersSmaller, useScalingFactor: false)
let replays = BenchmarkMetric.custom("replays per storm", polarity: .prefersSmaller, useScalingFactor: false)
let maximumSends = BenchmarkMetric.custom(
    "most sends of one request", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let requests = 1_000
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, refreshes, replays, maximumSends],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: isCIMode ? .seconds(3) : .seconds(10),
        maxIterations: isCIMode ? 3 : 20
    )
    // The floor: the same requests through the same pipeline and transport with a token that is never rejected.
    Benchmark("(floor) never rejected, \(requests) requests", configuration: configuration) { benchmark in
        try await rejectionStorm(benchmark, strategy: .tokenSession, requests: requests, rejecting: false)
    }
    for strategy in Strategy.allCases {
        Benchmark("\(strategy.rawValue), \(requests) requests", configuration: configuration) { benchmark in
            try await rejectionStorm(benchmark, strategy: strategy, requests: requests)
        }
    }
}

/// One storm: `requests` concurrent GETs go through `HTTPClient.authorized` (no retries, so only the 401 handling
/// replays); the service holds every request that carries the first token until all of them are in flight, then
/// answers each 401, so every source meets a thousand rejections of one generation at once. Only the storm is
/// measured.
/// With `rejecting == false` nothing is rejected (the floor): the same requests, the same pipeline and transport.
nonisolated func rejectionStorm(
    _ benchmark: Benchmark, strategy: Strategy, requests: Int, rejecting: Bool = true
) async throws {
    let fixture = ExchangeFixture(latency: .milliseconds(20), lifetime: nil)
    let transport = RejectingTransport(base: fixture.emulator.transport)
    let source = fixture.source(strategy)
    var probe = HTTPRequest(method: .get, url: fixture.emulator.origins.mudstack)
    let first = try await source.token()
    source.authorize(&probe, with: first)
    if rejecting { transport.reject(authorization: probe.headers["Authorization"] ?? "", heldUntil: requests) }
    // Reference (a) exchanges on every request; the rejected token must be the one its requests carry.
    let sharedToken = strategy == .uncoalesced ? PinnedTokenSource(first: first, base: source) : nil
    let client = HTTPClient.authorized(
        transport: transport, source: sharedToken ?? source, origin: fixture.origin, clock: fixture.clock,
        retryPolicy: .none)
    let mudstack = fixture.emulator.mudstack
    let url = fixture.emulator.origins.mudstack.appending(path: "accounts")
    let before = fixture.exchanges

    benchmark.startMeasurement()
    try await withThrowingTaskGroup(of: Int.self) { group in
        for index in 0..<requests {
            group.addTask {
                let request = HTTPRequest(
                    method: .get, url: url,
                    headers: ["x-account-id": mudstack.seededAccountID, RejectingTransport.requestIDHeader: "\(index)"])
                return try await client.send(request).status
            }
        }
        for try await status in group where status != 200 {
            benchmark.error("a request ended with HTTP \(status)")
        }
    }
    benchmark.stopMeasurement()

    let sends = transport.sendCounts
    benchmark.measurement(refreshes, fixture.exchanges - before)
    benchmark.measurement(replays, sends.values.reduce(0, +) - requests)
    benchmark.measurement(maximumSends, sends.values.max() ?? 0)
    if let session = source as? TokenSession { await session.shutdown() }
}
