import ScopedAuth
import Testing

/// The lock every shared state of the package sits behind.
@Suite struct LockedValueTests {
    private struct Failure: Error {}

    @Test func concurrentIncrementsFromManyTasksAreNeverLost() async {
        let count = LockedValue(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    for _ in 0..<1_000 { count.withLock { $0 += 1 } }
                }
            }
        }
        #expect(count.withLock { $0 } == 64_000)
    }

    @Test func aThrowingBodyLeavesTheValueAsItWasChangedAndReleasesTheLock() {
        let value = LockedValue([1])
        #expect(throws: Failure.self) {
            try value.withLock { (array: inout [Int]) throws(Failure) in
                array.append(2)
                throw Failure()
            }
        }
        // A second acquisition would deadlock if the throw had kept the mutex.
        #expect(value.withLock { $0 } == [1, 2])
    }

    @Test func copiesShareOneValue() {
        let original = LockedValue("a")
        let copy = original
        copy.withLock { $0 = "b" }
        #expect(original.withLock { $0 } == "b")
    }

    @Test func reflectionShowsNothingOfTheGuardedValue() {
        let value = LockedValue("sentinel-secret")
        var dumped = ""
        dump(value, to: &dumped)
        #expect(!dumped.contains("sentinel-secret"))
        #expect(!String(describing: value).contains("sentinel-secret"))
    }
}
