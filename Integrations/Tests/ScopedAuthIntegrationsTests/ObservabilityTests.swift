import Foundation
import InMemoryLogging
import InMemoryTracing
import Logging
import MetricsTestKit
import ScopedAuth
import ScopedAuthAsyncHTTPClient
import ScopedAuthLogging
import ScopedAuthMetrics
import ScopedAuthMudstack
import ScopedAuthTesting
import ScopedAuthTracing
import Testing
import Tracing

/// Logs, metrics and spans of a Mudstack session over loopback HTTP, for a request that needed a refresh.
@Suite("Observability bridges over loopback HTTP", .timeLimit(.minutes(1)))
struct ObservabilityTests {
    /// A Mudstack client over AsyncHTTPClient (traced when `tracing` is given), sharing a manual clock with the
    /// emulator: one call signs in, the clock passes the token's expiry, the call under test needs a refresh.
    private struct Fixture {
        let server: LoopbackEmulator
        let clock: ManualClock
        let transport: AsyncHTTPClientTransport
        let client: MudstackClient

        static func start(tracing: AuthTracing? = nil) async throws -> Fixture {
            let clock = ManualClock(wallClock: Date())
            let server = try await LoopbackEmulator.start(clock: clock)
            let transport = AsyncHTTPClientTransport()
            let mudstack = server.emulator.mudstack
            let client = MudstackClient(
                credential: mudstack.seededKey, accountID: mudstack.seededAccountID, baseURL: server.origins.mudstack,
                transport: tracing.map { $0.transport(wrapping: transport) } ?? transport, clock: clock,
                retryPolicy: .none)
            return Fixture(server: server, clock: clock, transport: transport, client: client)
        }

        /// The secrets that must appear in no log line, metric or span: the key's secret and every token issued.
        var secrets: [String] {
            [server.emulator.mudstack.seededKey.secret.revealed] + (client.session.freshToken().map { [$0.value.revealed] } ?? [])
        }

        func signInThenExpire() async throws {
            _ = try await client.account.accounts()
            clock.advance(by: .seconds(3_601))
        }

        func stop() async throws {
            await client.shutdown()
            try await transport.shutdown()
            await server.stop()
        }
    }

    @Test("swift-log: one line per event at its level, labeled with service and credential, no secret")
    func logging() async throws {
        let fixture = try await Fixture.start()
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "auth") { _ in handler }
        logger.logLevel = .trace
        let bridge = AuthEventLogger(logger: logger)
        let running = Task { [events = fixture.client.session.labeledEvents()] in await bridge.run(events) }
        try await fixture.signInThenExpire()
        _ = try await fixture.client.account.accounts()
        let secrets = fixture.secrets
        try await fixture.stop()
        await running.value

        let entries = handler.entries
        let names = entries.compactMap { $0.metadata["scopedauth.event"].map { "\($0)" } }
        #expect(names == ["refresh_started", "refresh_succeeded", "refresh_started", "refresh_succeeded", "shutdown"])
        #expect(entries.map(\.level) == [.debug, .info, .debug, .info, .info])
        let accountID = fixture.server.emulator.mudstack.seededAccountID
        for entry in entries {
            #expect(entry.metadata["scopedauth.service"] == "Mudstack")
            #expect("\(entry.metadata["scopedauth.credential"] ?? "")".contains(accountID))
            let text = "\(entry.message) \(entry.metadata)"
            for secret in secrets { #expect(!text.contains(secret)) }
        }
        #expect(entries[2].metadata["scopedauth.cause"] == "expired")
    }

    @Test("swift-log: a permanent failure is an error, a transient one a warning; a 401 replay is a notice")
    func logLevels() {
        #expect(AuthEventLogger.level(of: .refreshFailed(kind: .invalidCredentials, waiters: 1, retryAfter: nil)) == .error)
        #expect(AuthEventLogger.level(of: .refreshFailed(kind: .transient, waiters: 1, retryAfter: .seconds(1))) == .warning)
        #expect(AuthEventLogger.level(of: .unauthorizedReplayed(rejected: .init(rawValue: 1), replacement: .init(rawValue: 2), requests: 3)) == .notice)
        #expect(AuthEventLogger.level(of: .circuitOpened(openFor: .seconds(30))) == .error)
    }

    @Test("swift-metrics: exchanges by cause, latency, waiters, replays, failures and seconds until expiry")
    func metrics() async throws {
        let fixture = try await Fixture.start()
        let factory = TestMetrics()
        let metrics = AuthMetrics(factory: factory)
        let running = Task { [session = fixture.client.session, events = fixture.client.session.labeledEvents()] in
            await metrics.run(session: session, events: events)
        }
        try await fixture.signInThenExpire()
        _ = try await fixture.client.account.accounts()
        fixture.server.emulator.faults.inject(.status(401), on: .mudstack, path: "/accounts")
        _ = try await fixture.client.account.accounts()
        let secrets = fixture.secrets
        try await fixture.stop()
        await running.value

        let accountID = fixture.server.emulator.mudstack.seededAccountID
        let keyID = fixture.server.emulator.mudstack.seededKey.id
        let labels = [("service", "Mudstack"), ("credential", "account \(accountID) key \(keyID)")]
        #expect(factory.counterTotal(label: "scopedauth_exchanges_total", dimensions: labels + [("cause", "initial")]) == 1)
        #expect(factory.counterTotal(label: "scopedauth_exchanges_total", dimensions: labels + [("cause", "expired")]) == 1)
        #expect(factory.counterTotal(label: "scopedauth_exchanges_total", dimensions: labels + [("cause", "rejected")]) == 1)
        #expect(factory.counterTotal(label: "scopedauth_unauthorized_replays_total", dimensions: labels + [("stale", "false")]) == 1)
        #expect(try factory.expectTimer("scopedauth_exchange_duration", labels).values.count == 3)
        #expect(try factory.expectRecorder("scopedauth_coalesced_waiters", labels).values == [1, 1, 1])
        let expiry = try factory.expectGauge("scopedauth_token_seconds_until_expiry", labels)
        #expect((expiry.values.max() ?? 0) > 3_000)
        for counter in factory.counters {
            for secret in secrets { #expect(!"\(counter.label) \(counter.dimensions)".contains(secret)) }
        }
    }

    @Test("swift-metrics: a token store's loads, publications and waits are counted apart from exchanges")
    func storeMetrics() throws {
        let factory = TestMetrics()
        let metrics = AuthMetrics(factory: factory)
        let label = SessionLabel(service: "Mudstack", credential: "account a key k")
        for event: AuthEvent in [
            .refreshStarted(cause: .expired), .waitedForStoreHolder(fleetGeneration: 8, waited: .milliseconds(250)),
            .tokenLoadedFromStore(fleetGeneration: 8), .refreshStarted(cause: .expired),
            .waitedForStoreHolder(fleetGeneration: nil, waited: .seconds(2)), .tokenPublished(fleetGeneration: 9),
        ] {
            metrics.record(LabeledAuthEvent(label: label, event: event))
        }
        let labels = [("service", "Mudstack"), ("credential", "account a key k")]
        #expect(factory.counterTotal(label: "scopedauth_exchanges_total", dimensions: labels + [("cause", "expired")]) == 2)
        #expect(factory.counterTotal(label: "scopedauth_store_tokens_loaded_total", dimensions: labels) == 1)
        #expect(factory.counterTotal(label: "scopedauth_store_tokens_published_total", dimensions: labels) == 1)
        #expect(try factory.expectTimer("scopedauth_store_holder_wait_duration", labels + [("outcome", "token")]).values
            == [250_000_000])
        #expect(try factory.expectTimer("scopedauth_store_holder_wait_duration", labels + [("outcome", "none")]).values
            == [2_000_000_000])
    }

    @Test("swift-metrics: a refused credential counts as a failure of its kind")
    func failureMetrics() {
        let factory = TestMetrics()
        AuthMetrics(factory: factory).record(LabeledAuthEvent(
            label: SessionLabel(service: "MASV", credential: "me@studio.tv"),
            event: .refreshFailed(kind: .invalidCredentials, waiters: 3, retryAfter: nil)))
        #expect(factory.counterTotal(
            label: "scopedauth_exchange_failures_total",
            dimensions: [("service", "MASV"), ("credential", "me@studio.tv"), ("kind", "invalidCredentials")]) == 1)
    }

    @Test("swift-metrics and swift-log: one coalesced replay event counts every request it replayed")
    func coalescedReplays() {
        let factory = TestMetrics()
        let label = SessionLabel(service: "MASV", credential: "me@studio.tv")
        let event = LabeledAuthEvent(
            label: label, event: .unauthorizedReplayed(rejected: .init(rawValue: 1), replacement: .init(rawValue: 2), requests: 1_000))
        AuthMetrics(factory: factory).record(event)
        AuthMetrics(factory: factory).record(LabeledAuthEvent(
            label: label, event: .staleUnauthorizedReplayed(rejected: .init(rawValue: 1), replacement: .init(rawValue: 2))))
        let dimensions = [("service", "MASV"), ("credential", "me@studio.tv")]
        #expect(factory.counterTotal(label: "scopedauth_unauthorized_replays_total", dimensions: dimensions + [("stale", "false")]) == 1_000)
        #expect(factory.counterTotal(label: "scopedauth_unauthorized_replays_total", dimensions: dimensions + [("stale", "true")]) == 1)
        #expect(AuthEventLogger.metadata(of: event)["scopedauth.requests"] == "1000")
    }

    @Test("Tracing: the operation span holds the exchange (with its attempt) and the request's attempt, context injected")
    func tracing() async throws {
        let tracer = InMemoryTracer()
        let tracing = AuthTracing(tracer: tracer)
        let fixture = try await Fixture.start(tracing: tracing)
        try await fixture.signInThenExpire()
        tracer.clearAll()
        let requestsBefore = fixture.server.servers[4].requests.count
        _ = try await tracing.operation("mudstack.accounts") {
            try await fixture.client.account.accounts()
        }
        let secrets = fixture.secrets
        try await fixture.stop()

        let spans = tracer.finishedSpans
        let operation = try #require(spans.first { $0.operationName == "mudstack.accounts" })
        let exchange = try #require(spans.first { $0.operationName == "ScopedAuth exchange Mudstack" })
        #expect(operation.parentSpanID == nil)
        #expect(exchange.parentSpanID == operation.spanID)
        #expect(exchange.attributes["scopedauth.service"]?.toSpanAttribute() == .string("Mudstack"))
        let attempts = spans.filter { $0.operationName.hasPrefix("HTTP ") }
        #expect(attempts.count == 2)
        #expect(attempts.contains { $0.operationName == "HTTP POST" && $0.parentSpanID == exchange.spanID })
        #expect(attempts.contains { $0.operationName == "HTTP GET" && $0.parentSpanID == operation.spanID })
        #expect(Set(spans.map(\.traceID)).count == 1)
        // Both attempts carried the trace context to the server.
        let sent = fixture.server.servers[4].requests.dropFirst(requestsBefore)
        #expect(sent.count == 2)
        for request in sent {
            #expect(request.headers[InMemoryTracer.traceIDKey] == operation.traceID)
        }
        for span in spans {
            for secret in secrets { #expect(!"\(span.operationName) \(span.attributes)".contains(secret)) }
        }
    }
}
