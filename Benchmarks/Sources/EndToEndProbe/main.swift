// A small release executable for scripts/callgrind-requests.sh: sends N requests on a fresh token through one
// end-to-end contender, to the end-to-end server in a child process (valgrind does not follow it), so that
// `valgrind --tool=callgrind` counts the client's instructions only.
//
//   EndToEndProbe <ScopedAuth/URLSession|reference> <requests> [in flight, default 16]
import BenchmarkSupport
import Foundation
import Synchronization

EndToEndServerProcess.serveIfRequested()

let arguments = CommandLine.arguments
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
