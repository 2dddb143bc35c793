import Foundation
import ScopedAuth
import ScopedAuthTesting
import Synchronization

/// Moves a shared `ManualClock` forward whenever the workload is idle, so that thousands of operations with
/// latencies, backoffs, `Retry-After` and token lifetimes of minutes run in seconds of real time.
///
/// "Idle" means: across several rounds of yields, nothing observable changed (transport calls, completed
/// operations, session events, the clock's sleepers). Then time jumps to the earliest sleeper's deadline. Jumps
/// longer than ``longJump`` (deadlines of the chaos harness, refresh timeouts, long backoffs) wait for a deeper
/// idleness, including a pause in real time, so that a task busy on a CPU is not overtaken by its own timeout.
/// Mistaking a busy moment for idleness only makes time pass early, which the SDK must survive anyway.
final class VirtualTimeDriver: Sendable {
    static let longJump: Duration = .seconds(5)

    let clock: ManualClock
    private let activity = Atomic<Int>(0)
    private let jumps = Atomic<Int>(0)
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
            guard stableRounds >= 3, let next = clock.nextDeadline else {
                if ContinuousClock.now - lastChange > stallLimit { return false }
                if stableRounds >= 3 { try? await Task.sleep(for: .milliseconds(1)) }
                continue
            }
            let isDeadline = deadlines.withLock { $0[next] != nil }
            if isDeadline || clock.now.duration(to: next) > Self.longJump {
                // Deep idleness: real pauses and second looks before a long jump or a harness deadline.
                var stillIdle = true
                for _ in 0..<(isDeadline ? 25 : 2) where stillIdle {
                    try? await Task.sleep(for: .milliseconds(isDeadline ? 10 : 3))
                    for _ in 0..<64 { await Task.yield() }
                    let again = (activity: activity.load(ordering: .relaxed), sleepers: clock.sleeperCount)
                    stillIdle = again == last && clock.nextDeadline == next
                }
                guard stillIdle else { continue }
            }
            clock.advance(to: next)
            jumps.add(1, ordering: .relaxed)
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
        driver.tick()
        defer { driver.tick() }
        return try await witness.observe(request) { try await base.send(request) }
    }
}
