import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite struct ManualClockTests {
    @Test func sleepersWakeOnlyWhenTimeReachesTheirDeadlineInOrder() async throws {
        let clock = ManualClock()
        let woken = Locked<[Int]>([])
        let sleepers = [30, 10, 20].map { seconds in
            Task {
                try await clock.sleep(for: .seconds(seconds))
                woken.withLock { $0.append(seconds) }
            }
        }
        await clock.waitForSleepers(count: 3)
        clock.advance(by: .seconds(9))
        #expect(clock.sleeperCount == 3)
        clock.advance(by: .seconds(11))
        try await sleepers[1].value
        try await sleepers[2].value
        #expect(woken.withLock { $0 }.sorted() == [10, 20])
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(10))
        try await sleepers[0].value
        #expect(woken.withLock { $0 } .last == 30)
    }

    @Test func aCancelledSleeperThrowsAtOnce() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(count: 1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func aSleepForThePastReturnsImmediately() async throws {
        let clock = ManualClock()
        clock.advance(by: .seconds(5))
        try await clock.sleep(until: AuthInstant(nanosecondsSinceOrigin: 1))
        #expect(clock.sleeperCount == 0)
    }

    @Test func wallClockFollowsVirtualTimeAndCanBeShifted() {
        let start = Date(timeIntervalSince1970: 1_000)
        let clock = ManualClock(wallClock: start)
        clock.advance(by: .seconds(90))
        #expect(clock.wallClockNow == start.addingTimeInterval(90))
        clock.shiftWallClock(by: .seconds(-30))
        #expect(clock.wallClockNow == start.addingTimeInterval(60))
        #expect(clock.now == AuthInstant(nanosecondsSinceOrigin: 90_000_000_000))
    }

    @Test func thousandsOfSleepersAreAllWokenExactlyOnce() async throws {
        let clock = ManualClock()
        let count = Locked(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<2_000 {
                group.addTask {
                    try await clock.sleep(for: .milliseconds(index % 50 + 1))
                    count.withLock { $0 += 1 }
                }
            }
            await clock.waitForSleepers(count: 2_000)
            clock.advance(by: .seconds(1))
            try await group.waitForAll()
        }
        #expect(count.withLock { $0 } == 2_000)
    }
}

/// A value behind a lock that closures can share.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: LockedValue<Value>
    init(_ value: Value) { mutex = LockedValue(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}
