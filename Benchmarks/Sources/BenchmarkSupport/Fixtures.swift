import Foundation
public import ScopedAuth
public import ScopedAuthTesting

/// The three ways of obtaining tokens that every suite compares, in one run, against the same emulator.
public enum Strategy: String, CaseIterable, Sendable {
    /// (a) Every caller exchanges.
    case uncoalesced = "(a) no coalescing"
    /// (b) A reentrant cache actor: check, await the exchange, store.
    case reentrantCache = "(b) reentrant cache actor"
    /// (c) ScopedAuth's `TokenSession`.
    case tokenSession = "(c) TokenSession"
}

/// An emulator on the real clock whose Mudstack token exchange answers after an injected latency, and the
/// exchange every strategy uses.
public struct ExchangeFixture: Sendable {
    public let clock: SystemAuthClock
    public let emulator: Emulator
    public let exchange: MudstackTokenExchange
    /// The lifetime stated for each token (`nil`: the JWT's one hour).
    public let lifetime: Duration?

    /// - Parameters:
    ///   - latency: Added to every `POST /auth/token`, persistently.
    ///   - lifetime: How long each token is used for; short for storms on an expired token.
    public init(latency: Duration, lifetime: Duration?) {
        clock = SystemAuthClock()
        emulator = Emulator(clock: clock, origins: .production, seed: 1)
        if latency > .zero {
            emulator.faults.injectPersistently(.latency(latency), on: .mudstack, method: .post, path: "/auth/token")
        }
        exchange = MudstackTokenExchange(
            transport: emulator.transport, origin: emulator.origins.mudstack,
            accountID: emulator.mudstack.seededAccountID, key: emulator.mudstack.seededKey,
            statedLifetime: lifetime)
        self.lifetime = lifetime
    }

    /// Mudstack's origin, the only one that receives tokens.
    public var origin: HTTPOrigin { HTTPOrigin(emulator.origins.mudstack)! }

    /// Credential exchanges the emulator has served so far.
    public var exchanges: Int { emulator.counters.exchanges(.mudstack) }

    /// A new token source of `strategy` that exchanges through this fixture.
    public func source(_ strategy: Strategy) -> any TokenSource {
        switch strategy {
        case .uncoalesced: UncoalescedTokenSource(exchange: exchange, lifetime: lifetime, clock: clock)
        case .reentrantCache: ReentrantCacheTokenSource(exchange: exchange, lifetime: lifetime, clock: clock)
        case .tokenSession: TokenSession(exchange: exchange, clock: clock)
        }
    }
}

/// A transport that answers at once with a canned response: what is left is the cost of the caller's own code.
public struct InstantTransport: HTTPTransport {
    public let response: HTTPResponse

    public init(response: HTTPResponse = HTTPResponse(status: 200)) {
        self.response = response
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse { response }
}

/// Whether the suites run in CI's short mode (`SCOPEDAUTH_BENCHMARK_CI=1`): fewer iterations, same figures.
public let isCIMode = ProcessInfo.processInfo.environment["SCOPEDAUTH_BENCHMARK_CI"] == "1"
