import Foundation
import ScopedAuth
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthSpacelift
import ScopedAuthTesting

/// Every failure type a client documents. Anything else reaching a caller is an untyped failure: a bug.
///
/// - `AuthError` (all clients): authentication, transport, protocol and HTTP failures;
/// - `SpaceliftGraphQLError`: GraphQL `errors` other than "unauthorized";
/// - `MassdriverGraphQLError` and `MassdriverValidationError`: Massdriver's error codes and mutation validation;
/// - `ProjectPermissionError`: a MetaKraftwerk 403 naming the missing permission.
func documentedErrorName(_ error: any Error) -> String? {
    switch error {
    case let error as AuthError: "AuthError.\(error.kind)"
    case is SpaceliftGraphQLError: "SpaceliftGraphQLError"
    case is MassdriverGraphQLError: "MassdriverGraphQLError"
    case is MassdriverValidationError: "MassdriverValidationError"
    case is ProjectPermissionError: "ProjectPermissionError"
    default: nil
    }
}

/// One failed operation: what it was, which services and credential it used, when it ran, and how it failed.
struct OperationFailure: Sendable {
    var name: String
    var services: [EmulatedServiceID]
    var credential: String
    var start: AuthInstant
    var end: AuthInstant
    var error: any Error
}

/// What happened in one chaos run: outcomes, injected faults, and every invariant violation, thread-safe.
final class ChaosLedger: Sendable {
    private struct State {
        var operations = 0
        var succeeded = 0
        var failuresByType: [String: Int] = [:]
        var faults: [String: Int] = [:]
        var actions: [String: Int] = [:]
        var uploadsCompleted = 0
        var uploadedBytes = 0
        var violations: [String] = []
        var failures: [OperationFailure] = []
        var revocations: [(credential: String, at: AuthInstant, permanently: Bool)] = []
    }

    private let state = LockedValue(State())

    func succeeded(_ name: String) {
        state.withLock { $0.operations += 1; $0.succeeded += 1 }
    }

    func failed(_ name: String, _ error: any Error, _ failure: OperationFailure) {
        state.withLock { state in
            state.operations += 1
            state.failures.append(failure)
            if let type = documentedErrorName(error) {
                state.failuresByType[type, default: 0] += 1
            } else {
                state.failuresByType["untyped \(type(of: error))", default: 0] += 1
                state.violations.append("\(name): untyped failure \(type(of: error)): \(error)")
            }
        }
    }

    func missedDeadline(_ name: String, _ deadline: Duration) {
        state.withLock { state in
            state.operations += 1
            state.violations.append("\(name): no answer within its deadline of \(deadline) (virtual)")
        }
    }

    /// Records that `credentials` were revoked at `instant`: for good, or (`permanently == false`) only the
    /// tokens issued so far.
    func revoked(_ credentials: [String], at instant: AuthInstant, permanently: Bool) {
        state.withLock { state in
            for credential in credentials { state.revocations.append((credential, instant, permanently)) }
        }
    }

    /// Whether `credential` was revoked for good before `end`, or its tokens between `start` and `end`.
    func wasRevoked(_ credential: String, from start: AuthInstant, to end: AuthInstant) -> Bool {
        state.withLock { state in
            state.revocations.contains {
                $0.credential == credential && $0.at <= end && ($0.permanently || $0.at >= start)
            }
        }
    }

    var failures: [OperationFailure] { state.withLock { $0.failures } }

    func injected(_ fault: String) { state.withLock { $0.faults[fault, default: 0] += 1 } }
    func acted(_ action: String) { state.withLock { $0.actions[action, default: 0] += 1 } }
    func violation(_ text: String) { state.withLock { $0.violations.append(text) } }

    func uploadCompleted(bytes: Int) {
        state.withLock { $0.uploadsCompleted += 1; $0.uploadedBytes += bytes }
    }

    var violations: [String] { state.withLock { $0.violations } }
    var operations: Int { state.withLock { $0.operations } }
    var faultsInjected: Int { state.withLock { $0.faults.values.reduce(0, +) } }

    /// A few lines for the test's output: totals, failures by type, faults and actions by kind.
    func summary() -> String {
        state.withLock { state in
            func line(_ counts: [String: Int]) -> String {
                counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
            return """
                operations \(state.operations): \(state.succeeded) succeeded, \
                \(state.operations - state.succeeded) failed; uploads completed \(state.uploadsCompleted) \
                (\(state.uploadedBytes) bytes, byte-identical checked)
                failures: \(line(state.failuresByType))
                faults injected \(state.faults.values.reduce(0, +)): \(line(state.faults))
                chaos actions: \(line(state.actions))
                """
        }
    }
}

/// The events of one session, collected from its stream in order.
final class SessionAudit: Sendable {
    let label: String
    /// The emulator's exchange counter for this session's credential.
    let minted: @Sendable () -> Int
    /// The session actor, where the client exposes it (MASV keeps its user session private).
    let session: TokenSession?
    private let events = LockedValue<[AuthEvent]>([])
    private let times = LockedValue<[AuthInstant]>([])
    private let collector = LockedValue<Task<Void, Never>?>(nil)

    init(label: String, session: TokenSession?, stream: AsyncStream<AuthEvent>, driver: VirtualTimeDriver,
         minted: @escaping @Sendable () -> Int) {
        self.label = label
        self.session = session
        self.minted = minted
        // The task holds the audit until the stream ends, at the session's shutdown.
        let task = Task {
            for await event in stream {
                self.events.withLock { $0.append(event) }
                self.times.withLock { $0.append(driver.clock.now) }
                driver.tick()
            }
        }
        collector.withLock { $0 = task }
    }

    /// The last `count` events, for a violation's message.
    func events(from start: AuthInstant, to end: AuthInstant) -> [String] {
        let (events, times) = (events.withLock { $0 }, times.withLock { $0 })
        return zip(events, times).filter { $0.1 >= start && $0.1 <= end }.map { "\($0.1): \($0.0)" }
    }

    /// Waits until the stream has finished (after the session shut down).
    func finished() async {
        await collector.withLock { $0 }?.value
    }

    /// Whether a refresh is in flight according to the events received so far.
    var refreshInFlight: Bool {
        events.withLock { events in
            var inFlight = false
            for event in events {
                switch event {
                case .refreshStarted: inFlight = true
                case .refreshSucceeded, .refreshFailed, .refreshCancelled, .shutdown: inFlight = false
                default: break
                }
            }
            return inFlight
        }
    }

    /// The invariants of the session's refreshes, derived from its events and the emulator's counter.
    ///
    /// 1. At most one refresh in flight: every `refreshStarted` is followed by its outcome (succeeded, failed,
    ///    cancelled) before the next one, and none is in flight when the session shuts down after quiescence.
    /// 2. One exchange per refresh: the credential exchanges the emulator counted (tokens minted) are at most the
    ///    `refreshStarted` events, and at least the `refreshSucceeded` ones. (Fewer mints than starts: attempts
    ///    answered by an injected fault, or timed out, never reached the service's sign-in.)
    /// 3. One refresh per cause: a cause (`initial`, `proactive` or `expired` of generation G, `rejected(G)`)
    ///    starts a second refresh only after its previous one failed or was cancelled, never after it succeeded.
    func check() -> (violations: [String], started: Int, minted: Int) {
        let events = events.withLock { $0 }
        var violations: [String] = []
        var inFlight: String?
        var generation = TokenGeneration.none
        var started = 0
        var succeeded = 0
        var succeededCauses: Set<String> = []
        var shutdown = false
        for event in events {
            switch event {
            case .refreshStarted(let cause):
                if let inFlight { violations.append("\(label): refresh (\(cause)) started while \(inFlight) in flight") }
                let key: String
                switch cause {
                case .rejected: key = cause.description
                default: key = "\(cause)@\(generation)"
                }
                if succeededCauses.contains(key) {
                    violations.append("\(label): a second refresh for \(key) after one succeeded")
                }
                inFlight = key
                started += 1
            case .refreshSucceeded(let newGeneration, _, _):
                guard let key = inFlight else {
                    violations.append("\(label): refresh succeeded without one in flight")
                    continue
                }
                succeededCauses.insert(key)
                generation = newGeneration
                succeeded += 1
                inFlight = nil
            case .refreshFailed, .refreshCancelled:
                if inFlight == nil { violations.append("\(label): \(event) without a refresh in flight") }
                inFlight = nil
            case .shutdown:
                if let inFlight { violations.append("\(label): refresh \(inFlight) still in flight at shutdown") }
                inFlight = nil
                shutdown = true
            default:
                break
            }
        }
        if !shutdown { violations.append("\(label): no shutdown event (stream incomplete)") }
        let minted = minted()
        if minted > started {
            violations.append("\(label): \(minted) exchanges at the service but only \(started) refreshes started")
        }
        if succeeded > minted {
            violations.append("\(label): \(succeeded) refreshes succeeded but the service minted only \(minted)")
        }
        return (violations, started, minted)
    }
}
