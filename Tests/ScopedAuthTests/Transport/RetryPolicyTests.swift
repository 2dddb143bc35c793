import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ScopedAuth
import ScopedAuthTesting
import Testing

/// The one retry policy: exponential delays, capped, with a jittered share that stays inside its bounds and is
/// reproducible from a seed.
@Suite struct RetryPolicyTests {
    private let serviceURL = URL(string: "https://api.example.com/v1/items")!

    @Test func delaysDoubleUpToTheCapAndJitterOnlyShortensThemByItsShare() {
        let policy = RetryPolicy(maximumAttempts: 10, initialDelay: .milliseconds(200), maximumDelay: .seconds(1),
                                 jitter: 0.25)
        #expect(policy.delay(beforeRetry: 1, random: 0) == .milliseconds(200))
        #expect(policy.delay(beforeRetry: 2, random: 0) == .milliseconds(400))
        #expect(policy.delay(beforeRetry: 3, random: 0) == .milliseconds(800))
        #expect(policy.delay(beforeRetry: 4, random: 0) == .seconds(1))
        #expect(policy.delay(beforeRetry: 40, random: 0) == .seconds(1))
        #expect(policy.delay(beforeRetry: 2, random: 1) == .milliseconds(300))
        #expect(policy.delay(beforeRetry: 1, random: 0.5) == .milliseconds(175))
    }

    @Test func seededJitterStaysWithinItsBoundsAndSpreadsAcrossThem() {
        let policy = RetryPolicy(maximumAttempts: 6, initialDelay: .milliseconds(100), maximumDelay: .seconds(2),
                                 jitter: 0.5, randomSeed: 42)
        let source = policy.jitterSource()
        for attempt in 1...5 {
            let full = policy.delay(beforeRetry: attempt, random: 0)
            let delays = (0..<2_000).map { _ in policy.delay(beforeRetry: attempt, random: source.next()) }
            #expect(delays.allSatisfy { $0 <= full && $0 >= full * 0.5 })
            // Spread: some near each end of the band, so jitter is really applied.
            #expect(delays.contains { $0 < full * 0.55 })
            #expect(delays.contains { $0 > full * 0.95 })
        }
    }

    @Test func theSameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
        let first = JitterSource(seed: 7), again = JitterSource(seed: 7), other = JitterSource(seed: 8)
        let a = (0..<32).map { _ in first.next() }
        #expect(a == (0..<32).map { _ in again.next() })
        #expect(a != (0..<32).map { _ in other.next() })
        #expect(a.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    /// The delays `RetryMiddleware` sleeps on a `ManualClock` for a transport that fails `failures` times.
    private func sleptDelays(policy: RetryPolicy, failures: Int) async throws -> [Duration] {
        let clock = ManualClock()
        let calls = LockedValue(0)
        let transport = RecordingTransport { _ in
            if calls.withLock({ $0 += 1; return $0 }) <= failures { throw URLError(.networkConnectionLost) }
            return HTTPResponse(status: 200)
        }
        let client = HTTPClient(transport: transport, middlewares: [RetryMiddleware(policy: policy, clock: clock)])
        let call = Task { try await client.send(HTTPRequest(method: .get, url: serviceURL)).status }
        var delays: [Duration] = []
        for _ in 0..<failures {
            await clock.waitForSleepers(count: 1)
            let deadline = try #require(clock.nextDeadline)
            delays.append(deadline - clock.now)
            clock.advance(to: deadline)
        }
        #expect(try await call.value == 200)
        return delays
    }

    @Test func theMiddlewareSleepsTheSeededJitteredDelays() async throws {
        let policy = RetryPolicy(maximumAttempts: 4, initialDelay: .seconds(1), maximumDelay: .seconds(30),
                                 jitter: 0.5, randomSeed: 2026)
        let delays = try await sleptDelays(policy: policy, failures: 3)
        let expected = JitterSource(seed: 2026)
        #expect(delays == (1...3).map { policy.delay(beforeRetry: $0, random: expected.next()) })
        for (index, delay) in delays.enumerated() {
            let full = Duration.seconds(1 << index)
            #expect(delay <= full && delay >= full * 0.5, "retry \(index + 1) slept \(delay)")
        }
        #expect(try await sleptDelays(policy: policy, failures: 3) == delays)
    }

    @Test func withoutJitterTheMiddlewareSleepsTheExactExponentialDelays() async throws {
        let policy = RetryPolicy(maximumAttempts: 4, initialDelay: .seconds(1), maximumDelay: .seconds(3), jitter: 0)
        #expect(try await sleptDelays(policy: policy, failures: 3) == [.seconds(1), .seconds(2), .seconds(3)])
    }
}
