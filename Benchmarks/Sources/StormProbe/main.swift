// A small release executable for scripts/callgrind-storms.sh: runs one storm of the RefreshStorm or RejectionStorm
// suite (the same code, BenchmarkSupport/Storms.swift), so that `valgrind` can count the instructions and
// allocations of a storm: the difference between two sizes, divided by the difference of callers, is the cost per
// waiter. Set `STORM_LATENCY_MS` so that every caller parks before the exchange ends (the probe fails otherwise).
//
//   StormProbe <floor|session|rejection-floor|rejection> <callers>
import BenchmarkSupport
import Foundation
import Synchronization

let arguments = CommandLine.arguments
let kinds = ["floor", "session", "rejection-floor", "rejection"]
guard arguments.count == 3, kinds.contains(arguments[1]), let callers = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: StormProbe <\(kinds.joined(separator: "|"))> <callers>\n".utf8))
    exit(2)
}
let kind = arguments[1]

/// One storm of `kind`; `true` if it went as in the suite: one exchange, every caller parked behind it, every
/// request answered.
@Sendable func storm() async throws -> Bool {
    let counts: RefreshStormCounts
    switch kind {
    case "floor":
        counts = await parkingFloor(callers: callers, measurement: .none)
    case "session":
        counts = try await refreshStorm(
            strategy: .tokenSession, callers: callers, countingParked: true, measurement: .none)
    default:
        let rejecting = kind == "rejection"
        let counts = try await rejectionStorm(
            strategy: .tokenSession, requests: callers, rejecting: rejecting, countingParked: true, measurement: .none)
        FileHandle.standardError.write(Data("\(kind): \(callers) requests, \(counts)\n".utf8))
        return counts.failed == 0 && counts.refreshes == (rejecting ? 1 : 0)
            && counts.parked == (rejecting ? callers : 0)
    }
    FileHandle.standardError.write(Data("\(kind): \(callers) callers, \(counts)\n".utf8))
    return counts.exchanges == 1 && counts.parked == callers
}

// Async main is avoided (as in EndToEndProbe): valgrind cannot follow the main thread's `pthread_exit` in
// libdispatch's main queue, so the main thread blocks on a semaphore instead.
let finished = DispatchSemaphore(value: 0)
let succeeded = Atomic<Bool>(false)
Task.detached {
    do {
        succeeded.store(try await storm(), ordering: .sequentiallyConsistent)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
    }
    finished.signal()
}
finished.wait()
exit(succeeded.load(ordering: .sequentiallyConsistent) ? 0 : 1)
