import Foundation
import ScopedAuth
import ScopedAuthTesting
import Synchronization
import Testing

@Suite("Session labels and the exchange observer")
struct SessionLabelTests {
    @Test("Labeled events carry the session's label and end at shutdown")
    func labeledEvents() async throws {
        let label = SessionLabel(service: "Test", credential: "key k1")
        let session = TokenSession(exchange: ScriptedExchange(), clock: ManualClock(), label: label)
        #expect(session.label == label)
        let events = session.labeledEvents()
        _ = try await session.token()
        await session.shutdown()
        var received: [LabeledAuthEvent] = []
        for await event in events { received.append(event) }
        #expect(received.map(\.event.name) == ["refresh_started", "refresh_succeeded", "shutdown"])
        #expect(received.allSatisfy { $0.label == label })
        #expect(!received.map(\.description).joined().contains(sentinelSecret))
    }

    @Test("A session created without a label is unlabeled")
    func unlabeled() {
        #expect(TokenSession(exchange: ScriptedExchange()).label == .unlabeled)
    }

    @Test("1,000 callers bound to an observer: it wraps the one exchange once, with the session's label")
    func observerWrapsTheExchange() async throws {
        let seen = Mutex<[SessionLabel]>([])
        let observer = ExchangeObserver { label, exchange in
            seen.withLock { $0.append(label) }
            return try await exchange()
        }
        let gate = Gate()
        let exchange = ScriptedExchange(gate: gate)
        let session = TokenSession(
            exchange: exchange, clock: ManualClock(), label: SessionLabel(service: "Test", credential: "c"))
        try await ExchangeObserver.$current.withValue(observer) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<1_000 { group.addTask { _ = try await session.token() } }
                _ = await eventually { await session.waitingCallers == 1_000 }
                gate.open()
                try await group.waitForAll()
            }
        }
        #expect(exchange.calls == 1)
        #expect(seen.withLock { $0 } == [SessionLabel(service: "Test", credential: "c")])
        // Outside the binding, the next exchange is not observed.
        _ = try await session.replacement(afterRejectionOf: TokenGeneration(rawValue: 1))
        #expect(exchange.calls == 2)
        #expect(seen.withLock { $0.count } == 1)
        await session.shutdown()
    }
}
