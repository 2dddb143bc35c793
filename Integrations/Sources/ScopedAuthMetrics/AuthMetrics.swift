public import CoreMetrics
public import ScopedAuth

/// Records a session's events as swift-metrics metrics, dimensioned by `service` and `credential` (never a secret).
///
/// | Metric | Kind | Extra dimensions |
/// |---|---|---|
/// | `scopedauth_exchanges_total` | counter, one per refresh started (with a ``TokenStore``, one the store answered made no exchange: subtract `scopedauth_store_tokens_loaded_total`) | `cause` |
/// | `scopedauth_exchange_failures_total` | counter | `kind` (the `AuthError.Kind`) |
/// | `scopedauth_exchange_duration` | timer, per exchange that produced a token | |
/// | `scopedauth_coalesced_waiters` | recorder, callers that shared one exchange | |
/// | `scopedauth_unauthorized_replays_total` | counter, requests replayed after a 401 | `stale` (`true` when no refresh was needed) |
/// | `scopedauth_circuit_opened_total` | counter | |
/// | `scopedauth_token_seconds_until_expiry` | gauge | |
/// | `scopedauth_store_tokens_loaded_total` | counter, tokens taken from the ``TokenStore`` instead of exchanging | |
/// | `scopedauth_store_tokens_published_total` | counter, exchanged tokens stored for the fleet | |
/// | `scopedauth_store_holder_wait_duration` | timer, waits for another process's refresh | `outcome` (`token` or `none`) |
/// | `scopedauth_store_fallbacks_total` | counter, refreshes that exchanged locally because the store failed | `kind` |
///
/// ```swift
/// let metrics = AuthMetrics()                        // MetricsSystem.factory
/// Task { await metrics.run(session: client.session) }
/// ```
public struct AuthMetrics: Sendable {
    /// The prefix of every metric label.
    public let prefix: String
    private let factory: any MetricsFactory

    /// Creates a bridge.
    ///
    /// - Parameters:
    ///   - prefix: The prefix of every metric label.
    ///   - factory: Where metrics go; the bootstrapped `MetricsSystem.factory` by default.
    public init(prefix: String = "scopedauth", factory: any MetricsFactory = MetricsSystem.factory) {
        self.prefix = prefix
        self.factory = factory
    }

    /// Records every event of `session` until it shuts down, and keeps the seconds-until-expiry gauge current,
    /// read every `expiryInterval` on the session's clock.
    ///
    /// - Parameters:
    ///   - session: The session observed.
    ///   - events: Its labeled events; pass `session.labeledEvents()` created before the session's first request
    ///     when this method runs in a task that may start later, so no event is missed.
    ///   - expiryInterval: How often the seconds-until-expiry gauge is read.
    public func run(
        session: TokenSession, events: AsyncStream<LabeledAuthEvent>? = nil, expiryInterval: Duration = .seconds(10)
    ) async {
        let events = events ?? session.labeledEvents()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events {
                    record(event)
                    if case .refreshSucceeded = event.event { recordExpiry(of: session) }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    recordExpiry(of: session)
                    do { try await session.clock.sleep(for: expiryInterval) } catch { return }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Records every event of `events` until the stream ends.
    public func run<Events: AsyncSequence<LabeledAuthEvent, Never>>(_ events: Events) async {
        for await event in events {
            record(event)
        }
    }

    /// Records one event.
    public func record(_ labeled: LabeledAuthEvent) {
        let dimensions = Self.dimensions(labeled.label)
        switch labeled.event {
        case .refreshStarted(let cause):
            let cause = if case .rejected = cause { "rejected" } else { "\(cause)" }
            Counter(label: "\(prefix)_exchanges_total", dimensions: dimensions + [("cause", cause)], factory: factory)
                .increment()
        case .refreshSucceeded(_, let waiters, let duration):
            Timer(label: "\(prefix)_exchange_duration", dimensions: dimensions, factory: factory)
                .recordNanoseconds(Self.nanoseconds(duration))
            Recorder(label: "\(prefix)_coalesced_waiters", dimensions: dimensions, factory: factory)
                .record(waiters)
        case .refreshFailed(let kind, let waiters, _):
            Counter(
                label: "\(prefix)_exchange_failures_total", dimensions: dimensions + [("kind", "\(kind)")],
                factory: factory
            ).increment()
            Recorder(label: "\(prefix)_coalesced_waiters", dimensions: dimensions, factory: factory)
                .record(waiters)
        case .unauthorizedReplayed(_, _, let requests):
            // One event counts every request replayed after the refresh of its rejected generation.
            Counter(
                label: "\(prefix)_unauthorized_replays_total", dimensions: dimensions + [("stale", "false")],
                factory: factory
            ).increment(by: requests)
        case .staleUnauthorizedReplayed:
            Counter(
                label: "\(prefix)_unauthorized_replays_total", dimensions: dimensions + [("stale", "true")],
                factory: factory
            ).increment()
        case .circuitOpened:
            Counter(label: "\(prefix)_circuit_opened_total", dimensions: dimensions, factory: factory).increment()
        case .storeFallback(let error):
            Counter(
                label: "\(prefix)_store_fallbacks_total", dimensions: dimensions + [("kind", error.kind.rawValue)],
                factory: factory
            ).increment()
        case .tokenLoadedFromStore:
            Counter(label: "\(prefix)_store_tokens_loaded_total", dimensions: dimensions, factory: factory).increment()
        case .tokenPublished:
            Counter(label: "\(prefix)_store_tokens_published_total", dimensions: dimensions, factory: factory).increment()
        case .waitedForStoreHolder(let generation, let waited):
            Timer(
                label: "\(prefix)_store_holder_wait_duration",
                dimensions: dimensions + [("outcome", generation == nil ? "none" : "token")], factory: factory
            ).recordNanoseconds(Self.nanoseconds(waited))
        case .refreshCancelled, .servedStale, .clockSkewSuspected, .shutdown:
            break
        }
    }

    /// Sets the seconds-until-expiry gauge from the session's current token: 0 when it has none that may be handed
    /// out, nothing for a token that does not expire.
    public func recordExpiry(of session: TokenSession) {
        let seconds: Double
        if let token = session.freshToken() {
            // A token without expiry (renewed only when rejected) has no countdown to report.
            guard let expiresAt = token.expiresAt else { return }
            let (whole, fraction) = (expiresAt - session.clock.now).components
            seconds = max(0, Double(whole) + Double(fraction) / 1e18)
        } else {
            seconds = 0
        }
        Gauge(label: "\(prefix)_token_seconds_until_expiry", dimensions: Self.dimensions(session.label), factory: factory)
            .record(seconds)
    }

    private static func dimensions(_ label: SessionLabel) -> [(String, String)] {
        [("service", label.service), ("credential", label.credential)]
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ attoseconds / 1_000_000_000
    }
}
