// Suite 6: end to end over real HTTP. One loopback HTTP/1.1 server in a child process (token endpoint with 20 ms
// of latency, a resource that checks the bearer token and answers a revoked one with 401 and a JSON body), and
// every contender in the same iteration, interleaved (the order alternates between iterations), so that each
// iteration yields paired figures and ratios measured under the same load.
import Benchmark
import BenchmarkSupport
import Foundation
import Synchronization

/// One set of metrics per contender.
struct ContenderMetrics {
    let wall: BenchmarkMetric
    let throughput: BenchmarkMetric
    let cpuPerRequest: BenchmarkMetric
    let peakMemory: BenchmarkMetric
    let peakGrowth: BenchmarkMetric
    let exchanges: BenchmarkMetric
    let revokedSends: BenchmarkMetric
    let staleSends: BenchmarkMetric
    let failures: BenchmarkMetric

    init(_ kind: EndToEndContenderKind) {
        let name = kind.rawValue
        wall = .custom("\(name) wall time (ms)", polarity: .prefersSmaller, useScalingFactor: false)
        throughput = .custom("\(name) requests per second", polarity: .prefersLarger, useScalingFactor: false)
        cpuPerRequest = .custom("\(name) CPU time per request (ns)", polarity: .prefersSmaller, useScalingFactor: false)
        peakMemory = .custom("\(name) peak resident memory (MB)", polarity: .prefersSmaller, useScalingFactor: false)
        peakGrowth = .custom(
            "\(name) peak resident memory above the run's start (MB)", polarity: .prefersSmaller, useScalingFactor: false)
        exchanges = .custom("\(name) exchanges", polarity: .prefersSmaller, useScalingFactor: false)
        revokedSends = .custom("\(name) sends with the revoked token", polarity: .prefersSmaller, useScalingFactor: false)
        staleSends = .custom("\(name) stale-token sends", polarity: .prefersSmaller, useScalingFactor: false)
        failures = .custom("\(name) failed requests", polarity: .prefersSmaller, useScalingFactor: false)
    }

    var all: [BenchmarkMetric] { [wall, throughput, cpuPerRequest, peakMemory, peakGrowth, exchanges, revokedSends, staleSends, failures] }

    func record(_ result: EndToEndResult, in benchmark: Benchmark) {
        benchmark.measurement(wall, result.wallNanoseconds / 1_000_000)
        benchmark.measurement(throughput, result.requestsPerSecond)
        benchmark.measurement(cpuPerRequest, result.cpuNanosecondsPerRequest)
        benchmark.measurement(peakMemory, result.peakResidentBytes / 1_000_000)
        benchmark.measurement(peakGrowth, result.peakGrowthBytes / 1_000_000)
        benchmark.measurement(exchanges, result.server.exchanges)
        benchmark.measurement(revokedSends, result.server.revokedSends)
        benchmark.measurement(staleSends, result.server.staleSends)
        benchmark.measurement(failures, result.failures)
    }
}

let contenders = EndToEndContenderKind.allCases
let metrics = Dictionary(uniqueKeysWithValues: contenders.map { ($0, ContenderMetrics($0)) })
/// Paired ratios, ScopedAuth over URLSession against the reference, in percent, one per iteration.
let wallRatio = BenchmarkMetric.custom(
    "ScopedAuth/URLSession ÷ reference, wall time (%)", polarity: .prefersSmaller, useScalingFactor: false)
let cpuRatio = BenchmarkMetric.custom(
    "ScopedAuth/URLSession ÷ reference, CPU per request (%)", polarity: .prefersSmaller, useScalingFactor: false)
let memoryRatio = BenchmarkMetric.custom(
    "ScopedAuth/URLSession ÷ reference, peak memory (%)", polarity: .prefersSmaller, useScalingFactor: false)
/// The same for what each run added to the process's memory at its peak (the peak above the run's start): the
/// peak itself includes what the contender that ran before left in the process.
let growthRatio = BenchmarkMetric.custom(
    "ScopedAuth/URLSession ÷ reference, peak memory above the run's start (%)", polarity: .prefersSmaller,
    useScalingFactor: false)

/// Paired ratios of ScopedAuth over AsyncHTTPClient against ScopedAuth over URLSession (only in a build with
/// `SCOPEDAUTH_BENCHMARK_AHC=1`, which adds that contender), in percent, one per iteration.
let asyncHTTPClient = EndToEndContenderKind(rawValue: "ScopedAuth/AHC")
let ahcThroughputRatio = BenchmarkMetric.custom(
    "ScopedAuth/AHC ÷ ScopedAuth/URLSession, requests per second (%)", polarity: .prefersLarger, useScalingFactor: false)
let ahcCPURatio = BenchmarkMetric.custom(
    "ScopedAuth/AHC ÷ ScopedAuth/URLSession, CPU per request (%)", polarity: .prefersSmaller, useScalingFactor: false)
let ahcMemoryRatio = BenchmarkMetric.custom(
    "ScopedAuth/AHC ÷ ScopedAuth/URLSession, peak memory (%)", polarity: .prefersSmaller, useScalingFactor: false)

/// The server, started on first use and shared by every benchmark of this process.
let server = Result { try EndToEndServerProcess() }
let iterationCounter = Atomic<Int>(0)

let benchmarks: @Sendable () -> Void = {
    // The child process started by `EndToEndServerProcess` becomes the server here and never returns.
    EndToEndServerProcess.serveIfRequested()

    let configuration = Benchmark.Configuration(
        metrics: contenders.flatMap { metrics[$0]!.all } + [wallRatio, cpuRatio, memoryRatio, growthRatio]
            + (asyncHTTPClient == nil ? [] : [ahcThroughputRatio, ahcCPURatio, ahcMemoryRatio]),
        timeUnits: .milliseconds,
        warmupIterations: isCIMode ? 0 : 1,
        maxDuration: isCIMode ? .seconds(1) : .seconds(60),
        maxIterations: isCIMode ? 1 : 4
    )
    for workload in EndToEndWorkload.allCases {
        Benchmark(workload.rawValue, configuration: configuration) { benchmark in
            try await interleaved(workload, benchmark)
        }
    }
}

/// One iteration: every contender runs the workload once, in an order that alternates between iterations.
nonisolated func interleaved(_ workload: EndToEndWorkload, _ benchmark: Benchmark) async throws {
    let server = try server.get()
    let iteration = iterationCounter.add(1, ordering: .relaxed).newValue
    let order = iteration.isMultiple(of: 2) ? contenders : contenders.reversed()
    var results: [EndToEndContenderKind: EndToEndResult] = [:]
    for kind in order {
        let result = try await runEndToEnd(workload, kind: kind, server: server)
        metrics[kind]!.record(result, in: benchmark)
        results[kind] = result
        if result.failures > 0 { benchmark.error("\(kind.rawValue): \(result.failures) requests did not end with 200") }
    }
    func percent(_ a: Int, _ b: Int) -> Int { b > 0 ? a * 100 / b : 0 }
    if let ours = results[.scopedAuthURLSession], let reference = results[.reference] {
        benchmark.measurement(wallRatio, percent(ours.wallNanoseconds, reference.wallNanoseconds))
        benchmark.measurement(cpuRatio, percent(ours.cpuNanoseconds, reference.cpuNanoseconds))
        benchmark.measurement(memoryRatio, percent(ours.peakResidentBytes, reference.peakResidentBytes))
        benchmark.measurement(growthRatio, percent(ours.peakGrowthBytes, reference.peakGrowthBytes))
    }
    if let asyncHTTPClient, let ahc = results[asyncHTTPClient], let urlSession = results[.scopedAuthURLSession] {
        // Throughput of the same number of requests: the inverse ratio of the wall times.
        benchmark.measurement(ahcThroughputRatio, percent(urlSession.wallNanoseconds, ahc.wallNanoseconds))
        benchmark.measurement(ahcCPURatio, percent(ahc.cpuNanoseconds, urlSession.cpuNanoseconds))
        benchmark.measurement(ahcMemoryRatio, percent(ahc.peakResidentBytes, urlSession.peakResidentBytes))
    }
}
