import Foundation
import ScopedAuth
import ScopedAuthTesting
import Synchronization
import Testing

/// The engine's rules at its edges: each test here kills a mutation in `scripts/mutants/` that survived the
/// suite before.
@Suite struct EngineEdgeTests {
    static func at(_ seconds: Double) -> AuthInstant { AuthInstant(nanosecondsSinceOrigin: Int64(seconds * 1e9)) }

    @Test func aRejectionOfAnOlderGenerationIsNotAnsweredWithACurrentTokenPastItsHardDeadline() {
        var policy = RefreshPolicy()
        policy.randomSeed = 7
        var machine = RefreshMachine(policy: policy)
        let first = machine.requestToken(now: Self.at(0))
        guard case .startRefresh(let id, _)? = first.actions.first else { Issue.record("no refresh"); return }
        _ = machine.refreshSucceeded(id, token: ReceivedToken(value: Secret("g1"), remaining: .seconds(600)), now: Self.at(0))
        let second = machine.tokenRejected(generation: TokenGeneration(rawValue: 1), now: Self.at(1))
        guard case .startRefresh(let id2, _)? = second.actions.first else { Issue.record("no refresh"); return }
        _ = machine.refreshSucceeded(id2, token: ReceivedToken(value: Secret("g2"), remaining: .seconds(600)), now: Self.at(1))
        // Generation 2 is past its hard deadline when a late 401 for generation 1 arrives: no replay with it.
        let late = machine.tokenRejected(generation: TokenGeneration(rawValue: 1), now: Self.at(595))
        if case .token = late.decision { Issue.record("replayed with a token past its hard deadline") }
        #expect(late.actions.contains { if case .startRefresh = $0 { true } else { false } })
    }

    @Test func aPOSTWhoseTransportThrowsIsNotRetried() async throws {
        let clock = ManualClock()
        let transport = RecordingTransport { _ in throw URLError(.networkConnectionLost) }
        let client = HTTPClient(transport: transport, middlewares: [RetryMiddleware(clock: clock)])
        let call = Task { try await client.send(HTTPRequest(method: .post, url: serviceURL, body: Data("{}".utf8))) }
        // Time runs, so a retry (which would sleep its backoff first) would happen rather than hang the test.
        await clock.run(for: .seconds(10))
        await #expect(throws: (any Error).self) { try await call.value }
        #expect(transport.requests.count == 1)
    }

    @Test func anExchangeThatThrowsCancellationErrorUnaskedFailsItsCallersInsteadOfParkingThem() async throws {
        let exchange = ScriptedExchange { call in
            if call == 1 { throw CancellationError() }
            return IssuedToken(value: Secret("token-\(call)"), expiry: .after(.seconds(3600)))
        }
        let session = TokenSession(exchange: exchange)
        // No deadline: before the fix these callers parked forever (the test cancels them after a while).
        let finished = LockedValue(0)
        let callers = Task {
            await withTaskGroup(of: AuthError.Kind?.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        defer { finished.withLock { $0 += 1 } }
                        do { _ = try await session.token(); return nil } catch { return (error as? AuthError)?.kind }
                    }
                }
                return await group.reduce(into: [AuthError.Kind?]()) { $0.append($1) }
            }
        }
        let answered = await eventually(timeout: .seconds(30)) {
            finished.withLock { $0 } == 200
        }
        let state = (waiting: await session.waitingCallers, refreshing: await session.isRefreshing,
                     finished: finished.withLock { $0 }, calls: exchange.calls)
        if !answered { callers.cancel() }
        let results = await callers.value
        #expect(answered, "callers parked after an exchange threw CancellationError on its own: \(state)")
        #expect(results.contains(.transient))
        #expect(results.allSatisfy { $0 == .transient || $0 == nil })
        #expect(await session.waitingCallers == 0)
        #expect(await !session.isRefreshing)
    }

    @Test func aStreamAskedForAfterShutdownFinishesAtOnce() async {
        let session = TokenSession(exchange: ScriptedExchange())
        await session.shutdown()
        let ended = Atomic<Bool>(false)
        let consumer = Task {
            for await _ in session.events() {}
            ended.store(true, ordering: .sequentiallyConsistent)
        }
        #expect(await eventually(timeout: .seconds(10)) { ended.load(ordering: .sequentiallyConsistent) })
        consumer.cancel()
    }

    @Test func aSessionReleasedWithoutShutdownFinishesItsConsumersStreams() async {
        var session: TokenSession? = TokenSession(exchange: ScriptedExchange())
        let stream = session?.events() ?? AsyncStream { $0.finish() }
        _ = try? await session?.token()
        let weak = WeakSession(session)
        let seen = Atomic<Int>(-1)
        let consumer = Task {
            var count = 0
            for await _ in stream { count += 1 }
            seen.store(count, ordering: .sequentiallyConsistent)
        }
        #expect(await eventually { await weak.session?.isRefreshing == false })
        session = nil
        // The consumer ends (it saw the refresh's events) instead of waiting forever.
        #expect(await eventually(timeout: .seconds(10)) { seen.load(ordering: .sequentiallyConsistent) >= 2 })
        consumer.cancel()
    }

    @Test func aHealthySlowExchangeWhoseCallersAllCancelDoesNotOpenTheCircuit() async throws {
        let gate = Gate()
        let exchange = ScriptedExchange(gate: gate)
        var policy = RefreshPolicy()
        policy.circuitBreaker = .init(maximumRefreshes: 3, window: .seconds(60), openDuration: .seconds(30))
        let session = TokenSession(exchange: exchange, policy: policy)
        // Ten callers, each cancelled while the slow exchange runs: never a failure.
        for _ in 0..<10 {
            let caller = Task { try await session.token() }
            #expect(await eventually { await session.waitingCallers == 1 })
            caller.cancel()
            _ = try? await caller.value
            #expect(await eventually { await session.waitingCallers == 0 })
        }
        gate.open()
        // Bounded: a session that never hears of its cancelled exchange's end would park this caller forever.
        let token = try await session.token(timeout: .seconds(10))
        #expect(token.generation.rawValue >= 1)
        // One exchange at a time all along: the first (cancelled, ended by the gate) and at most one more.
        #expect(exchange.calls <= 2)
    }
}

/// Holds a session weakly, so a test can watch it without keeping it alive.
private final class WeakSession: Sendable {
    private let box: LockedValue<WeakBox>

    private struct WeakBox: @unchecked Sendable {
        // Safe: only read and written under the LockedValue's lock, and TokenSession is itself Sendable.
        weak var session: TokenSession?
    }

    init(_ session: TokenSession?) { box = LockedValue(WeakBox(session: session)) }

    var session: TokenSession? { box.withLock { $0.session } }
}
