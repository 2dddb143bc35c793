import Foundation
import ScopedAuth
import Synchronization

/// The latency of the storms' exchange (and of the floor's sleep): 20 ms, or `STORM_LATENCY_MS` (StormProbe under
/// valgrind, which runs ~50 times slower, needs every caller parked before it ends).
public let stormLatency = Duration.milliseconds(
    Int(ProcessInfo.processInfo.environment["STORM_LATENCY_MS"] ?? "") ?? 20)

/// Where a storm's measured part starts and stops: a benchmark's `startMeasurement`/`stopMeasurement`, or nothing
/// (`StormProbe` under callgrind counts the whole process).
public struct StormMeasurement {
    let start: () -> Void
    let stop: () -> Void

    public init(start: @escaping () -> Void, stop: @escaping () -> Void) {
        self.start = start
        self.stop = stop
    }

    /// Measures nothing.
    public static var none: StormMeasurement { StormMeasurement(start: {}, stop: {}) }

    /// Measures the storm's wall time into `stopwatch`.
    public static func timed(by stopwatch: StormStopwatch) -> StormMeasurement {
        StormMeasurement(start: { stopwatch.start() }, stop: { stopwatch.stop() })
    }
}

/// The wall time of one storm's measured part, for the paired benchmarks, which time a storm and its floor in one
/// iteration.
public final class StormStopwatch: Sendable {
    private let span = Mutex<(start: ContinuousClock.Instant?, stop: ContinuousClock.Instant?)>((nil, nil))

    public init() {}

    func start() { span.withLock { $0.start = .now } }
    func stop() { span.withLock { $0.stop = .now } }

    /// The measured time in milliseconds, or `nil` if the storm did not both start and stop.
    public var milliseconds: Double? {
        guard case let (start?, stop?) = span.withLock({ $0 }) else { return nil }
        return (stop - start).milliseconds
    }
}

extension Duration {
    /// This duration in (fractional) milliseconds.
    var milliseconds: Double { Double(components.seconds) * 1e3 + Double(components.attoseconds) * 1e-15 }
}

/// The percentage `part` is of `whole`, rounded; 0 when either is unknown or `whole` is zero.
public func percentage(_ part: Double?, of whole: Double?) -> Int {
    guard let part, let whole, whole > 0 else { return 0 }
    return Int((part / whole * 100).rounded())
}

/// A bare actor holding the continuations of parked callers: what a storm costs without any session logic.
public actor ParkedContinuations {
    private var parked: [CheckedContinuation<Void, Never>] = []
    private var released = false
    /// How many callers parked before the release.
    public private(set) var parkedAtRelease = 0

    public init() {}

    /// Parks until ``release()``; returns at once after it.
    public func park() async {
        if released { return }
        await withCheckedContinuation { parked.append($0) }
    }

    /// Resumes every parked caller.
    public func release() {
        released = true
        parkedAtRelease = parked.count
        for continuation in parked { continuation.resume() }
        parked = []
    }
}

/// What a refresh storm or its floor counted.
public struct RefreshStormCounts: Sendable {
    /// Credential exchanges during the storm (the floor's one sleep counts as one).
    public var exchanges: Int
    /// Callers that parked (the floor's, or those a session's refresh resumed), when counted.
    public var parked: Int?
}

/// The floor of a refresh storm: `callers` tasks park on a bare actor's continuations; one task sleeps 20 ms (the
/// exchange's latency, ``stormLatency``) on the same clock and releases them all.
public nonisolated func parkingFloor(callers: Int, measurement: StormMeasurement) async -> RefreshStormCounts {
    let clock = SystemAuthClock()
    let lot = ParkedContinuations()
    measurement.start()
    await withTaskGroup(of: Void.self) { group in
        group.addTask {
            try? await clock.sleep(for: stormLatency)
            await lot.release()
        }
        for _ in 0..<callers {
            group.addTask { await lot.park() }
        }
        await group.waitForAll()
    }
    measurement.stop()
    return RefreshStormCounts(exchanges: 1, parked: await lot.parkedAtRelease)
}

/// One refresh storm: a source with one token that lives `lifetime` (100 ms in the suite), a wait until it has
/// expired, then `callers` concurrent calls to `token()`. Only the storm is measured. Returns the exchanges the storm
/// caused (1 unless the storm outlasts the new token's lifetime, as it can under valgrind) and, with
/// `countingParked` (for StormProbe), how many callers the session's refresh resumed.
public nonisolated func refreshStorm(
    strategy: Strategy, callers: Int, lifetime: Duration = .milliseconds(100), countingParked: Bool = false,
    measurement: StormMeasurement
) async throws -> RefreshStormCounts {
    let fixture = ExchangeFixture(latency: stormLatency, lifetime: lifetime)
    let source = fixture.source(strategy)
    let events = countingParked ? (source as? TokenSession)?.events() : nil
    let first = try await source.token()
    try await fixture.clock.sleep(until: first.expiresAt.map { $0 + .milliseconds(10) } ?? fixture.clock.now)
    let before = fixture.exchanges

    measurement.start()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<callers {
            group.addTask { _ = try await source.token() }
        }
        try await group.waitForAll()
    }
    measurement.stop()

    let exchanges = fixture.exchanges - before
    if let session = source as? TokenSession { await session.shutdown() }
    var parked: Int?
    if let events {
        for await case .refreshSucceeded(_, let waiters, _) in events { parked = waiters }
    }
    return RefreshStormCounts(exchanges: exchanges, parked: parked)
}

/// What a rejection storm counted.
public struct RejectionStormCounts: Sendable {
    /// Credential exchanges during the storm.
    public var refreshes: Int
    /// Sends beyond one per request.
    public var replays: Int
    /// The most sends of one request.
    public var maximumSends: Int
    /// Requests that did not end with HTTP 200.
    public var failed: Int
    /// Rejected requests that parked for the session's refresh (its coalesced replay events), when counted.
    public var parked: Int?
}

/// One rejection storm: `requests` concurrent GETs go through `HTTPClient.authorized` (no retries, so only the 401
/// handling replays); the service holds every request that carries the first token until all of them are in
/// flight, then answers each 401, so every source meets `requests` rejections of one generation at once. Only the
/// storm is measured. With `rejecting == false` nothing is rejected (the floor): the same requests, the same
/// pipeline and transport. With `countingParked` (for StormProbe) it counts the rejected requests that waited for
/// the session's refresh; with `phases`, it notes when each phase of the storm happened.
public nonisolated func rejectionStorm(
    strategy: Strategy, requests: Int, rejecting: Bool = true, countingParked: Bool = false,
    phases: StormPhases? = nil, measurement: StormMeasurement
) async throws -> RejectionStormCounts {
    let fixture = ExchangeFixture(latency: stormLatency, lifetime: nil)
    let transport = RejectingTransport(base: fixture.emulator.transport, phases: phases)
    let source = fixture.source(strategy)
    let events = countingParked ? (source as? TokenSession)?.events() : nil
    var probe = HTTPRequest(method: .get, url: fixture.emulator.origins.mudstack)
    let first = try await source.token()
    source.authorize(&probe, with: first)
    if rejecting { transport.reject(authorization: probe.headers["Authorization"] ?? "", heldUntil: requests) }
    // Reference (a) exchanges on every request; the rejected token must be the one its requests carry.
    let sharedToken = strategy == .uncoalesced ? PinnedTokenSource(first: first, base: source) : nil
    let client = HTTPClient.authorized(
        transport: transport, source: sharedToken ?? source, origin: fixture.origin, clock: fixture.clock,
        retryPolicy: .none)
    let mudstack = fixture.emulator.mudstack
    let url = fixture.emulator.origins.mudstack.appending(path: "accounts")
    let before = fixture.exchanges

    // With `phases`, an observer notes the exchange's start and end (it is bound to the task that starts it).
    let observer = phases.map { phases in
        ExchangeObserver { _, exchange in
            phases.note(.exchangeStarted)
            defer { phases.note(.exchangeEnded) }
            return try await exchange()
        }
    }
    measurement.start()
    phases?.note(.start)
    let failed = try await ExchangeObserver.$current.withValue(observer) {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<requests {
                group.addTask {
                    let request = HTTPRequest(
                        method: .get, url: url,
                        headers: [
                            "x-account-id": mudstack.seededAccountID, RejectingTransport.requestIDHeader: "\(index)",
                        ])
                    return try await client.send(request).status
                }
            }
            var failed = 0
            for try await status in group where status != 200 { failed += 1 }
            return failed
        }
    }
    phases?.note(.end)
    measurement.stop()

    let sends = transport.sendCounts
    var counts = RejectionStormCounts(
        refreshes: fixture.exchanges - before, replays: sends.values.reduce(0, +) - requests,
        maximumSends: sends.values.max() ?? 0, failed: failed)
    if let session = source as? TokenSession { await session.shutdown() }
    if let events {
        var parked = 0
        for await case .unauthorizedReplayed(_, _, let requests) in events { parked += requests }
        counts.parked = parked
    }
    return counts
}
