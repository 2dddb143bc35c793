// Suite 3: handing out a fresh token, single task and two tasks contending on two cores, next to a bare
// `Mutex` read and an actor call of the same shape. Each iteration is 1,000 calls per task.
import Benchmark
import BenchmarkSupport
import ScopedAuth

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: isCIMode ? .milliseconds(250) : .seconds(2),
        maxIterations: isCIMode ? 200 : 5_000
    )
    for tasks in [1, 2] {
        let shape = tasks == 1 ? "single task" : "2 tasks contended"
        Benchmark("Mutex read (reference), \(shape)", configuration: configuration) { benchmark in
            let box = MutexTokenBox(try await PrimedSession.get().session.token())
            await measure(benchmark, tasks: tasks) { calls in
                for _ in calls { blackHole(box.read()) }
            }
        }
        Benchmark("actor call (reference), \(shape)", configuration: configuration) { benchmark in
            let box = ActorTokenBox(try await PrimedSession.get().session.token())
            await measure(benchmark, tasks: tasks) { calls in
                for _ in calls { blackHole(await box.read()) }
            }
        }
        // Not a strategy: what `freshToken()` must pay besides the lock, to read a token's deadline.
        Benchmark("clock read (any AuthClock).now (component), \(shape)", configuration: configuration) { benchmark in
            let clock: any AuthClock = try await PrimedSession.get().session.clock
            await measure(benchmark, tasks: tasks) { calls in
                for _ in calls { blackHole(clock.now) }
            }
        }
        Benchmark("TokenSession.freshToken(), \(shape)", configuration: configuration) { benchmark in
            let session = try await PrimedSession.get().session
            await measure(benchmark, tasks: tasks) { calls in
                for _ in calls { blackHole(session.freshToken()) }
            }
        }
        Benchmark("TokenSession.token(), \(shape)", configuration: configuration) { benchmark in
            let session = try await PrimedSession.get().session
            await measure(benchmark, tasks: tasks) { calls in
                for _ in calls { blackHole(try? await session.token()) }
            }
        }
    }
}

/// Runs `body` over the iteration's calls in `tasks` concurrent tasks; a single task runs inline, without a
/// task group, so that nothing but the calls is measured.
nonisolated func measure(
    _ benchmark: Benchmark, tasks: Int, _ body: @escaping @Sendable (Range<Int>) async -> Void
) async {
    let calls = benchmark.scaledIterations
    if tasks == 1 {
        benchmark.startMeasurement()
        await body(calls)
        benchmark.stopMeasurement()
        return
    }
    benchmark.startMeasurement()
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<tasks { group.addTask { await body(calls) } }
    }
    benchmark.stopMeasurement()
}
