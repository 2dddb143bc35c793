import Foundation
import ScopedAuth
import ScopedAuthTesting
import Synchronization

/// Moves a shared `ManualClock` forward whenever the workload is idle, so that thousands of operations with
/// latencies, backoffs, `Retry-After` and token lifetimes of minutes run in seconds of real time.
///
/// "Idle" means: across several rounds of yields, nothing observable changed (transport calls, completed
/// operations, session events, the clock's sleepers), and no request is being answered: one in flight and not
/// parked on the emulator's injected latency runs on a CPU, since the emulator waits on nothing else. Then time
/// jumps to the earliest sleeper's deadline. Jumps longer than ``longJump`` (deadlines of the chaos harness, refresh
/// timeouts, long backoffs) wait for a deeper idleness, including pauses in real time (25 ms; a quarter of a second
/// for a harness deadline), so that a task busy on a CPU is not overtaken by its own timeout. With a single 6 ms
/// pause, a loaded machine (ThreadSanitizer, every suite in parallel) once let a refresh's 30 s timeout run out
/// while its exchange had not been answered. Mistaking any other busy moment for idleness only makes time pass
/// early, which the SDK must survive anyway.
final class VirtualTimeDriver: Sendable {
    static let longJump: Duration = .seconds(5)

    let clock: ManualClock
    private let activity = Atomic<Int>(0)
    private let jumps = Atomic<Int>(0)
    private let longJumps = Atomic<Int>(0)
    private let requestsInFlight = Atomic<Int>(0)
    private let requestsParked = Atomic<Int>(0)
    private let deadlines = LockedValue<[AuthInstant: Int]>([:])

    init(clock: ManualClock) { self.clock = clock }

    /// Records that something happened (a request, a response, an event, a completed operation).
    func tick() { activity.add(1, ordering: .relaxed) }

    /// Marks `instant` as a harness deadline: time jumps there only after a quarter of a second of real
    /// idleness, since reaching it fails the operation.
    func registerDeadline(_ instant: AuthInstant) { deadlines.withLock { $0[instant, default: 0] += 1 } }

    /// Forgets a deadline registered with ``registerDeadline(_:)``.
    func unregisterDeadline(_ instant: AuthInstant) {
        deadlines.withLock { deadlines in
            deadlines[instant, default: 1] -= 1
            if deadlines[instant] == 0 { deadlines[instant] = nil }
        }
    }

    /// How many times the driver advanced the clock.
    var advances: Int { jumps.load(ordering: .relaxed) }

    /// How many of ``advances`` were long jumps or harness deadlines, each after a deeper idleness.
    var longAdvances: Int { longJumps.load(ordering: .relaxed) }

    /// Requests in flight that are not parked on the emulator's clock: being answered on a CPU right now.
    var requestsBeingAnswered: Int {
        requestsInFlight.load(ordering: .sequentiallyConsistent) - requestsParked.load(ordering: .sequentiallyConsistent)
    }

    /// Runs one request through `send`, counted as in flight (see ``requestsBeingAnswered``).
    func inFlight<T>(_ send: () async throws -> T) async throws -> T {
        tick()
        requestsInFlight.add(1, ordering: .sequentiallyConsistent)
        defer {
            requestsInFlight.subtract(1, ordering: .sequentiallyConsistent)
            tick()
        }
        return try await send()
    }

    /// Runs one injected-latency sleep of the emulator, counted as parked (see ``requestsBeingAnswered``).
    func parked(_ sleep: () async throws -> Void) async throws {
        requestsParked.add(1, ordering: .sequentiallyConsistent)
        defer { requestsParked.subtract(1, ordering: .sequentiallyConsistent) }
        try await sleep()
    }

    /// Drives time until `isDone` returns `true`; returns `false` if nothing moved for `stallLimit` of real time
    /// while no sleeper was left to wake (a task parked on something other than the clock: a hang).
    func drive(stallLimit: Duration = .seconds(60), isDone: @Sendable () async -> Bool) async -> Bool {
        var last = (activity: -1, sleepers: -1)
        var stableRounds = 0
        var lastChange = ContinuousClock.now
        while true {
            if await isDone() { return true }
            for _ in 0..<16 { await Task.yield() }
            let now = (activity: activity.load(ordering: .relaxed), sleepers: clock.sleeperCount)
            if now != last {
                last = now
                stableRounds = 0
                lastChange = ContinuousClock.now
                continue
            }
            stableRounds += 1
            guard stableRounds >= 3, requestsBeingAnswered <= 0, let next = clock.nextDeadline else {
                if ContinuousClock.now - lastChange > stallLimit { return false }
                if stableRounds >= 3 { try? await Task.sleep(for: .milliseconds(1)) }
                continue
            }
            let isDeadline = deadlines.withLock { $0[next] != nil }
            let isLong = isDeadline || clock.now.duration(to: next) > Self.longJump
            if isLong {
                // Deep idleness: real pauses and second looks before a long jump or a harness deadline.
                var stillIdle = true
                for _ in 0..<(isDeadline ? 25 : 5) where stillIdle {
                    try? await Task.sleep(for: .milliseconds(isDeadline ? 10 : 5))
                    for _ in 0..<64 { await Task.yield() }
                    let again = (activity: activity.load(ordering: .relaxed), sleepers: clock.sleeperCount)
                    stillIdle = again == last && clock.nextDeadline == next && requestsBeingAnswered <= 0
                }
                guard stillIdle else { continue }
            }
            clock.advance(to: next)
            jumps.add(1, ordering: .relaxed)
            if isLong { longJumps.add(1, ordering: .relaxed) }
            stableRounds = 0
        }
    }
}

/// The emulator's transport, counted so that the driver sees every request start and finish.
struct CountedTransport: HTTPTransport {
    let base: EmulatorTransport
    let driver: VirtualTimeDriver
    let witness: ServiceWitness

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await driver.inFlight { try await witness.observe(request) { try await base.send(request) } }
    }
}

/// The emulator's view of the shared `ManualClock`: the same time, but its sleeps (injected latency, the only
/// thing the emulator waits on) are counted as parked requests, so that the driver can tell a request that waits
/// for time from one that is being answered.
struct EmulatorClock: AuthClock {
    let base: ManualClock
    let driver: VirtualTimeDriver

    var now: AuthInstant { base.now }
    var wallClockNow: Date { base.wallClockNow }

    func sleep(until deadline: AuthInstant) async throws {
        try await driver.parked { try await base.sleep(until: deadline) }
    }
}
