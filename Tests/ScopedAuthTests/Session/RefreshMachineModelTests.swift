import ScopedAuth
import Testing

/// `RefreshMachine` driven by long random sequences of every input it takes, against a small reference model of
/// what the outside world can observe (exchanges running at the service, parked callers, the latest token and its
/// deadlines, backoff, the loop breaker), with every invariant checked after every step.
///
/// Deterministic: each seed reproduces its sequence; a failure names the seed and the step.
@Suite struct RefreshMachineModelTests {
    static let seeds: [UInt64] = Array(1...24)
    static let steps = 2_500

    @Test(arguments: seeds)
    func everyInvariantHoldsAfterEveryStepOfARandomSequence(seed: UInt64) {
        let harness = ModelHarness(seed: seed)
        for step in 0..<Self.steps {
            harness.step()
            if !harness.violations.isEmpty {
                Issue.record("seed \(seed), step \(step): \(harness.violations.joined(separator: "; "))\n\(harness.trace.suffix(12).joined(separator: "\n"))")
                return
            }
        }
        // The sequences reach every part of the machine.
        #expect(harness.coverage.isSuperset(of: ModelHarness.Input.allCases.map(\.rawValue)), "seed \(seed)")
    }
}

/// The reference model and the random driver.
final class ModelHarness {
    enum Input: String, CaseIterable {
        case request, rejectCurrent, rejectOlder, succeed, failTransient, failRateLimited, failPermanent
        case failCancellation, waiterCancelled, waiterDeadline, timeout, overdue, smallStep, clockJump, shutdown
    }

    /// An exchange running at the (imaginary) service: started by the machine, not yet ended.
    struct Running {
        var id: RefreshID
        var startedAt: AuthInstant
        var cancelled = false
        var timedOut = false
    }

    /// The latest token, as the model computes its deadlines from the policy.
    struct Latest {
        var token: AccessToken
        var usableUntil: AuthInstant?
        var rejected = false
    }

    private(set) var violations: [String] = []
    private(set) var trace: [String] = []
    private(set) var coverage: Set<String> = []

    private var machine: RefreshMachine
    private let policy: RefreshPolicy
    private var random: Generator
    private var now = AuthInstant(nanosecondsSinceOrigin: 0)
    private var running: [Running] = []
    private var parked: Set<WaiterID> = []
    private var latest: Latest?
    private var isShutdown = false
    private var generation = TokenGeneration.none
    /// Start times of exchanges that completed (succeeded, failed or timed out while running).
    private var completedStarts: [AuthInstant] = []
    private var backoffUntil: AuthInstant?
    private var consecutiveFailures = 0
    private var proactiveHeldUntil: AuthInstant?
    private var circuitOpenUntil: AuthInstant?

    init(seed: UInt64) {
        var policy = RefreshPolicy()
        policy.randomSeed = seed
        policy.circuitBreaker = .init(maximumRefreshes: 4, window: .seconds(60), openDuration: .seconds(30))
        policy.permanentFailureMemory = .seconds(5)
        self.policy = policy
        machine = RefreshMachine(policy: policy)
        random = Generator(seed: seed)
    }

    // MARK: Driving

    func step() {
        let input = chooseInput()
        coverage.insert(input.rawValue)
        trace.append("t=\(now) \(input)")
        switch input {
        case .request:
            let output = machine.requestToken(now: now)
            apply(output, asking: true, rejectedGeneration: nil)
        case .rejectCurrent, .rejectOlder:
            let current = latest?.token.generation ?? .none
            let rejected = input == .rejectCurrent || current.rawValue == 0
                ? current : TokenGeneration(rawValue: random.below(current.rawValue))
            if let latest, latest.token.generation == rejected { self.latest?.rejected = true }
            let output = machine.tokenRejected(generation: rejected, now: now)
            apply(output, asking: true, rejectedGeneration: rejected)
        case .succeed:
            guard let index = pickRunning() else { return }
            let exchange = running.remove(at: index)
            let lifetimes: [Duration?] = [nil, .seconds(30), .seconds(600), .seconds(3600), .seconds(8), .seconds(86_400)]
            let lifetime = lifetimes[Int(random.below(UInt64(lifetimes.count)))]
            if !exchange.cancelled, !isShutdown { completedStarts.append(exchange.startedAt) }
            let output = machine.refreshSucceeded(
                exchange.id, token: ReceivedToken(value: Secret("t"), remaining: lifetime), now: now)
            if !isShutdown {
                generation = generation.next
                latest = Latest(token: AccessToken(value: Secret("t"), generation: generation,
                                                   expiresAt: lifetime.map { now + $0 }),
                                usableUntil: usableUntil(lifetime: lifetime))
                consecutiveFailures = 0
                backoffUntil = nil
                proactiveHeldUntil = nil
            }
            apply(output, asking: false, rejectedGeneration: nil)
            check(parked.isEmpty, "callers left parked after a success")
        case .failTransient, .failRateLimited, .failPermanent, .failCancellation:
            guard let index = pickRunning() else { return }
            let exchange = running.remove(at: index)
            let error: AuthError
            switch input {
            case .failRateLimited:
                let asked: [Duration] = [.seconds(1), .seconds(45), .seconds(3600), .seconds(86_400)]
                error = AuthError(.rateLimited, status: 429, retryAfter: asked[Int(random.below(4))])
            case .failPermanent: error = AuthError(.invalidCredentials, status: 401)
            case .failCancellation: error = AuthError(.transient, detail: "cancelled")
            default: error = AuthError(.transient)
            }
            let counts = !exchange.cancelled && !isShutdown
            if counts {
                completedStarts.append(exchange.startedAt)
                if error.kind.isTransient {
                    consecutiveFailures += 1
                } else if let latest, isUsable(latest), let until = latest.usableUntil {
                    proactiveHeldUntil = max(until, now + policy.permanentFailureMemory)
                }
            }
            let output = machine.refreshFailed(exchange.id, error: error, now: now)
            apply(output, asking: false, rejectedGeneration: nil, failure: counts ? error : nil)
            if counts { check(parked.isEmpty, "a failure left callers parked") }
        case .waiterCancelled, .waiterDeadline:
            let ordered = parked.sorted { $0.rawValue < $1.rawValue }
            guard !ordered.isEmpty else { return }
            let waiter = ordered[Int(random.below(UInt64(ordered.count)))]
            parked.remove(waiter)
            let output = machine.waiterLeft(waiter, cancelled: input == .waiterCancelled, now: now)
            apply(output, asking: false, rejectedGeneration: nil)
        case .timeout:
            guard let index = running.firstIndex(where: { !$0.cancelled }) else { return }
            running[index].timedOut = true
            let id = running[index].id
            if !isShutdown {
                completedStarts.append(running[index].startedAt)
                consecutiveFailures += 1
            }
            let output = machine.refreshTimedOut(id, now: now)
            apply(output, asking: false, rejectedGeneration: nil, failure: AuthError(.timeout))
            check(isShutdown || running.first { $0.id == id }?.cancelled == true, "a timed-out exchange was not cancelled")
        case .overdue:
            guard let exchange = running.first(where: { $0.cancelled }) else { return }
            let output = machine.cancellationOverdue(exchange.id, now: now)
            apply(output, asking: false, rejectedGeneration: nil)
            check(parked.isEmpty, "callers still parked behind an overdue exchange")
        case .smallStep:
            now = now + .milliseconds(Int64(random.below(5_000)))
        case .clockJump:
            now = now + .seconds(Int64(random.below(7_200)))
        case .shutdown:
            let output = machine.shutdown()
            isShutdown = true
            apply(output, asking: false, rejectedGeneration: nil)
            check(parked.isEmpty, "shutdown left callers parked")
        }
        checkStandingInvariants()
    }

    private func chooseInput() -> Input {
        // Weighted: requests and time dominate; shutdown is rare, so sequences live long before it.
        let weights: [(Input, UInt64)] = [
            (.request, 30), (.rejectCurrent, 6), (.rejectOlder, 4), (.succeed, 12), (.failTransient, 4),
            (.failRateLimited, 2), (.failPermanent, 2), (.failCancellation, 2), (.waiterCancelled, 6),
            (.waiterDeadline, 3), (.timeout, 3), (.overdue, 2), (.smallStep, 14), (.clockJump, 4), (.shutdown, 1),
        ]
        var pick = random.below(weights.reduce(0) { $0 + $1.1 })
        for (input, weight) in weights {
            if pick < weight { return input }
            pick -= weight
        }
        return .request
    }

    private func pickRunning() -> Int? {
        running.isEmpty ? nil : Int(random.below(UInt64(running.count)))
    }

    // MARK: Checking outputs

    private func apply(
        _ output: RefreshMachine.Output, asking: Bool, rejectedGeneration: TokenGeneration?, failure: AuthError? = nil
    ) {
        for action in output.actions {
            switch action {
            case .startRefresh(let id, _):
                check(!isShutdown, "an exchange started after shutdown")
                check(running.isEmpty, "a second exchange started while \(running.map(\.id.rawValue)) still run")
                if let backoffUntil { check(now >= backoffUntil, "an exchange started during backoff") }
                if let circuitOpenUntil { check(now >= circuitOpenUntil, "an exchange started with the circuit open") }
                let counted = completedStarts.filter { $0 > now - policy.circuitBreaker.window }.count
                check(counted < policy.circuitBreaker.maximumRefreshes, "the loop breaker let \(counted + 1) in a window")
                if let latest, isUsable(latest), let held = proactiveHeldUntil {
                    check(now >= held, "a proactive refresh retried a permanent failure while the token is valid")
                }
                running.append(Running(id: id, startedAt: now))
            case .cancelRefresh(let id):
                guard let index = running.firstIndex(where: { $0.id == id }) else {
                    check(false, "cancelled an exchange that is not running")
                    continue
                }
                running[index].cancelled = true
            case .resume(let ids, let result):
                for id in ids { check(parked.remove(id) != nil, "resumed a caller that is not parked") }
                if case .success(let token) = result { checkHandedOut(token, rejectedGeneration: nil) }
            case .emit(let event):
                switch event {
                case .refreshFailed(_, _, let retryAfter?):
                    check(retryAfter <= policy.backoff.maximum, "backoff \(retryAfter) beyond the maximum")
                    let attempt = max(1, consecutiveFailures)
                    let exponential = policy.backoff.initial.seconds * growth(attempt - 1)
                    var allowed = min(exponential, policy.backoff.maximum.seconds)
                    if let asked = failure?.retryAfter { allowed = max(allowed, min(asked, policy.backoff.maximum).seconds) }
                    check(retryAfter.seconds <= allowed + 1e-6,
                          "backoff \(retryAfter) after \(attempt) consecutive failures (at most \(allowed) s)")
                    backoffUntil = now + retryAfter
                case .circuitOpened(let openFor):
                    circuitOpenUntil = now + openFor
                default:
                    break
                }
            }
        }
        switch output.decision {
        case .token(let token)?:
            check(asking, "a decision for an input that asked nothing")
            checkHandedOut(token, rejectedGeneration: rejectedGeneration)
        case .wait(let id)?:
            check(!isShutdown, "parked after shutdown")
            check(!parked.contains(id), "a waiter id used twice")
            parked.insert(id)
        case .fail(let error)?:
            if isShutdown { check(error.kind == .shutdown, "after shutdown, \(error.kind) instead of shutdown") }
            if let retryAfter = error.retryAfter {
                check(retryAfter <= max(policy.backoff.maximum, policy.circuitBreaker.openDuration),
                      "a sticky error: retry after \(retryAfter)")
            }
        case nil:
            check(!asking, "no decision for a caller")
        }
        if isShutdown, case .token? = output.decision { check(false, "a token handed out after shutdown") }
    }

    private func checkHandedOut(_ token: AccessToken, rejectedGeneration: TokenGeneration?) {
        guard let latest else { check(false, "a token handed out before any exchange succeeded"); return }
        check(token.generation == latest.token.generation, "handed out \(token.generation), latest \(latest.token.generation)")
        check(isUsable(latest), "handed out \(token.generation) past its hard deadline or after its rejection")
        if let rejectedGeneration { check(token.generation != rejectedGeneration, "replayed with the rejected token") }
    }

    private func checkStandingInvariants() {
        check(running.count <= 1, "\(running.count) exchanges running at the service")
        check(machine.isRefreshing == !running.isEmpty, "machine says refreshing \(machine.isRefreshing), model \(running)")
        check(machine.waiterCount == parked.count, "machine parks \(machine.waiterCount), model \(parked.count)")
        check(parked.isEmpty || !running.isEmpty, "callers parked with no exchange running: they would wait forever")
        if isShutdown { check(parked.isEmpty, "callers parked after shutdown") }
        if let fast = machine.fastPath {
            check(!isShutdown, "a fast path after shutdown")
            if let latest {
                check(fast.token.generation == latest.token.generation, "the fast path serves an old token")
                check(!latest.rejected, "the fast path serves a rejected token")
                if let hard = latest.usableUntil {
                    check(fast.until.map { $0 <= hard } ?? false, "the fast path serves past the hard deadline")
                }
            }
        }
    }

    // MARK: Model rules

    private func usableUntil(lifetime: Duration?) -> AuthInstant? {
        guard let lifetime else { return nil }
        let hard = policy.margins(for: lifetime).hard
        let hardAt = now + lifetime - hard
        return hardAt <= now ? now + policy.suspectedSkewGrace : hardAt
    }

    private func isUsable(_ latest: Latest) -> Bool {
        !latest.rejected && (latest.usableUntil.map { now < $0 } ?? true)
    }

    private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { violations.append(message()) }
    }

    private func growth(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<min(exponent, 60) { value *= policy.backoff.multiplier }
        return value
    }
}

/// SplitMix64: a small seeded generator, so each seed reproduces its sequence.
struct Generator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: UInt64) -> UInt64 { bound == 0 ? 0 : next() % bound }
}
