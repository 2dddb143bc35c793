// A small release executable for scripts/callgrind-requests.sh: sends N requests on a fresh token through one
// end-to-end contender, to the end-to-end server in a child process (valgrind does not follow it), so that
// `valgrind --tool=callgrind` counts the client's instructions only.
//
//   EndToEndProbe <ScopedAuth/URLSession|reference|ScopedAuth/AHC> <requests> [in flight, default 16]
//
// And one end-to-end workload, as the EndToEnd suite runs it, with its figures on standard output (for quick
// comparisons and for profiling one workload outside the benchmark harness):
//
//   EndToEndProbe workload <storm|revocation|steady> <contender>...
import BenchmarkSupport
import Foundation
import Synchronization

EndToEndServerProcess.serveIfRequested()

let arguments = CommandLine.arguments
if arguments.count >= 4, arguments[1] == "workload" {
    runWorkload(arguments[2], contenders: Array(arguments[3...]))
}
guard arguments.count >= 3, let kind = EndToEndContenderKind(rawValue: arguments[1]), let count = Int(arguments[2])
else {
    let names = EndToEndContenderKind.allCases.map(\.rawValue).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: EndToEndProbe <\(names)> <requests> [in flight]\n".utf8))
    exit(2)
}
let inFlight = arguments.count > 3 ? Int(arguments[3]) ?? 16 : 16

/// The measured work; async main is avoided because valgrind cannot follow the main thread's `pthread_exit` in
/// libdispatch's main queue, so the main thread blocks on a semaphore instead.
@Sendable func run() async throws -> Int {
    // Under valgrind the child cannot be spawned from here: scripts/callgrind-requests.sh starts the server and passes
    // its URL in SCOPEDAUTH_E2E_BASE_URL.
    let baseURL: URL
    var server: EndToEndServerProcess?
    if let given = ProcessInfo.processInfo.environment["SCOPEDAUTH_E2E_BASE_URL"], let url = URL(string: given) {
        baseURL = url
    } else {
        let started = try EndToEndServerProcess()
        started.setTokenLatency(.zero)
        baseURL = started.baseURL
        server = started
    }
    let contender = kind.make(baseURL: baseURL)
    // Prime: the token and the connections, the same for every count, so a difference of two counts is the
    // requests alone.
    try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<inFlight { group.addTask { try await contender.request() } }
        try await group.waitForAll()
    }
    let failures = try await withThrowingTaskGroup(of: Int.self) { group in
        for worker in 0..<inFlight {
            let share = count / inFlight + (worker < count % inFlight ? 1 : 0)
            group.addTask {
                var failures = 0
                for _ in 0..<share where try await contender.request() != 200 { failures += 1 }
                return failures
            }
        }
        var failures = 0
        for try await count in group { failures += count }
        return failures
    }
    await contender.shutdown()
    withExtendedLifetime(server) {}
    FileHandle.standardError.write(Data("\(kind.rawValue): \(count) requests, \(failures) failed\n".utf8))
    return failures
}

let finished = DispatchSemaphore(value: 0)
let outcome = Atomic<Int>(-1)
Task.detached {
    do {
        outcome.store(try await run(), ordering: .sequentiallyConsistent)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
    }
    finished.signal()
}
finished.wait()
exit(outcome.load(ordering: .sequentiallyConsistent) == 0 ? 0 : 1)

/// `workload <name> <contender>...`: each contender runs the workload once, in the order given; prints one line
/// each, then exits.
func runWorkload(_ name: String, contenders: [String]) -> Never {
    guard let workload = EndToEndWorkload.allCases.first(where: { $0.rawValue.hasPrefix(name + ":") }) else {
        FileHandle.standardError.write(Data("unknown workload \(name)\n".utf8))
        exit(2)
    }
    let kinds = contenders.compactMap(EndToEndContenderKind.init(rawValue:))
    guard kinds.count == contenders.count else {
        FileHandle.standardError.write(Data("unknown contender in \(contenders)\n".utf8))
        exit(2)
    }
    let finished = DispatchSemaphore(value: 0)
    Task.detached {
        do {
            let server = try EndToEndServerProcess()
            for kind in kinds {
                let result = try await runEndToEnd(workload, kind: kind, server: server)
                print(
                    kind.rawValue, "wall_ms", result.wallNanoseconds / 1_000_000, "rps", result.requestsPerSecond,
                    "cpu_us_per_request", result.cpuNanosecondsPerRequest / 1_000,
                    "peak_MB", result.peakResidentBytes / 1_000_000, "start_MB", result.startResidentBytes / 1_000_000,
                    "growth_MB", result.peakGrowthBytes / 1_000_000, "exchanges", result.server.exchanges,
                    "revoked_sends", result.server.revokedSends, "failures", result.failures)
            }
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
        }
        finished.signal()
    }
    finished.wait()
    exit(0)
}
