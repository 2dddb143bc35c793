import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The three end-to-end workloads.
public enum EndToEndWorkload: String, CaseIterable, Sendable {
    /// 10,000 concurrent requests from a token that has just expired.
    case storm = "storm: 10,000 concurrent requests from an expired token"
    /// 1,000 concurrent requests right after the service revoked the token.
    case revocation = "revocation: 1,000 concurrent requests after the token was revoked"
    /// 20,000 requests, 64 in flight, on a fresh token.
    case steady = "steady: 20,000 requests, 64 in flight, fresh token"

    /// Requests in one run.
    public var requests: Int {
        switch self {
        case .storm: 10_000
        case .revocation: 1_000
        case .steady: 20_000
        }
    }
}

/// What one contender's run of one workload measured.
public struct EndToEndResult: Sendable {
    /// Wall time of the run, in nanoseconds.
    public var wallNanoseconds: Int
    /// User + system CPU time of this process during the run, in nanoseconds.
    public var cpuNanoseconds: Int
    /// The process's peak resident memory during the run (the high-water mark reset just before), in bytes.
    public var peakResidentBytes: Int
    /// The process's resident memory when the run started (after the reset), in bytes: what earlier runs in the
    /// same process left behind is in it, and in ``peakResidentBytes``.
    public var startResidentBytes: Int
    /// The server's counts during the run.
    public var server: EndToEndStatistics
    /// Requests whose final status was not 200.
    public var failures: Int
    /// Requests sent.
    public var requests: Int

    /// Requests per second.
    public var requestsPerSecond: Int { wallNanoseconds > 0 ? requests * 1_000_000_000 / wallNanoseconds : 0 }
    /// What the run added to the process's resident memory at its peak, in bytes: the peak above the start, which
    /// does not depend on what an earlier contender left in the process.
    public var peakGrowthBytes: Int { max(0, peakResidentBytes - startResidentBytes) }
    /// CPU time per request, in nanoseconds.
    public var cpuNanosecondsPerRequest: Int { requests > 0 ? cpuNanoseconds / requests : 0 }
}

/// Runs one workload for one contender against the server: a fresh contender, primed (one token, warm
/// connections) outside the measurement, then the measured requests.
public func runEndToEnd(
    _ workload: EndToEndWorkload, kind: EndToEndContenderKind, server: EndToEndServerProcess
) async throws -> EndToEndResult {
    let contender = kind.make(baseURL: server.baseURL)
    server.setTokenLatency(.milliseconds(20))
    server.setTokenLifetime(workload == .storm ? .milliseconds(100) : .seconds(3_600))
    // Prime: a token and a few connections.
    try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<8 { group.addTask { try await contender.request() } }
        try await group.waitForAll()
    }
    switch workload {
    case .storm:
        // Let the token expire (and any refresh started while priming end) before the storm.
        try await Task.sleep(for: .milliseconds(250))
    case .revocation:
        server.revoke()
    case .steady:
        break
    }
    server.setTokenLifetime(.seconds(3_600))
    let before = server.statistics()
    resetPeakResidentMemory()
    let start = residentMemory()
    let cpuBefore = processCPUNanoseconds()
    let started = ContinuousClock.now

    let failures: Int
    switch workload {
    case .storm, .revocation:
        failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<workload.requests { group.addTask { try await contender.request() } }
            var failures = 0
            for try await status in group where status != 200 { failures += 1 }
            return failures
        }
    case .steady:
        let inFlight = 64
        let perWorker = workload.requests / inFlight
        failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<inFlight {
                let count = perWorker + (worker < workload.requests % inFlight ? 1 : 0)
                group.addTask {
                    var failures = 0
                    for _ in 0..<count where try await contender.request() != 200 { failures += 1 }
                    return failures
                }
            }
            var failures = 0
    for try await count in group { failures += count }
    return failures
        }
    }

    let wall = ContinuousClock.now - started
    let cpu = processCPUNanoseconds() - cpuBefore
    let peak = peakResidentMemory()
    let counts = server.statistics().since(before)
    await contender.shutdown()
    return EndToEndResult(
        wallNanoseconds: Int(wall.components.seconds) * 1_000_000_000 + Int(wall.components.attoseconds / 1_000_000_000),
        cpuNanoseconds: cpu, peakResidentBytes: peak, startResidentBytes: start, server: counts, failures: failures, requests: workload.requests)
}

/// User + system CPU time of this process so far.
public func processCPUNanoseconds() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    let user = Int(usage.ru_utime.tv_sec) * 1_000_000_000 + Int(usage.ru_utime.tv_usec) * 1_000
    let system = Int(usage.ru_stime.tv_sec) * 1_000_000_000 + Int(usage.ru_stime.tv_usec) * 1_000
    return user + system
}

/// Returns freed memory to the system and resets the process's resident high-water mark (Linux: `VmHWM`), so
/// ``peakResidentMemory()`` reports the peak of what runs next.
public func resetPeakResidentMemory() {
    #if os(Linux)
    _ = systemMallocTrim(0)
    if let file = fopen("/proc/self/clear_refs", "w") {
        fputs("5", file)
        fclose(file)
    }
    #endif
}

#if os(Linux)
/// glibc's `malloc_trim`, which the Glibc module does not import.
@_silgen_name("malloc_trim")
private func systemMallocTrim(_ pad: Int) -> Int32
#endif

/// The process's resident high-water mark since the last ``resetPeakResidentMemory()``, in bytes (Linux);
/// 0 where unavailable.
public func peakResidentMemory() -> Int { processStatus("VmHWM:") }

/// The process's resident memory now, in bytes (Linux); 0 where unavailable.
public func residentMemory() -> Int { processStatus("VmRSS:") }

/// A size field of `/proc/self/status`, in bytes.
private func processStatus(_ field: String) -> Int {
    #if os(Linux)
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field) {
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kilobytes * 1_024
    }
    #endif
    return 0
}
