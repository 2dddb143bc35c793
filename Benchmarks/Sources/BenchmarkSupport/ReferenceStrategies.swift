public import ScopedAuth
import Synchronization

// The three strategies compared by every suite; all conform to `TokenSource`, so requests go through the same
// `AuthMiddleware` and pipeline and only the way tokens are obtained differs.

/// Reference (a): no coalescing. Every caller exchanges for a token itself, and every rejection is answered with
/// a new exchange: what a client without a token cache does.
public final class UncoalescedTokenSource: TokenSource {
    private let exchanger: any CredentialExchange
    private let clock: any AuthClock
    /// How long each token is used for; the benchmark states the same lifetime to every strategy.
    private let lifetime: Duration?
    private let generation = Atomic<UInt64>(0)

    public init(exchange: any CredentialExchange, lifetime: Duration?, clock: any AuthClock) {
        exchanger = exchange
        self.lifetime = lifetime
        self.clock = clock
    }

    public func token() async throws -> AccessToken {
        try await issue(exchanger, lifetime: lifetime, clock: clock, generation: generation)
    }

    public func replacement(afterRejectionOf generation: TokenGeneration) async throws -> AccessToken? {
        try await token()
    }

    public func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
        exchanger.authorize(&request, with: token)
    }

    public func isTokenRejected(_ response: HTTPResponse) -> Bool { exchanger.isTokenRejected(response) }
}

/// Reference (b): a cache actor that checks, awaits the exchange and stores. Actors are reentrant, so every
/// caller that finds the cache empty while an exchange is awaited starts its own: the common hand-written cache.
public actor ReentrantCacheTokenSource: TokenSource {
    private let exchanger: any CredentialExchange
    private let clock: any AuthClock
    /// How long each token is used for; the benchmark states the same lifetime to every strategy.
    private let lifetime: Duration?
    private let generation = Atomic<UInt64>(0)
    private var cached: AccessToken?

    public init(exchange: any CredentialExchange, lifetime: Duration?, clock: any AuthClock) {
        exchanger = exchange
        self.lifetime = lifetime
        self.clock = clock
    }

    public func token() async throws -> AccessToken {
        let now = clock.now
        if let cached, cached.expiresAt.map({ now < $0 }) ?? true { return cached }
        let token = try await issue(exchanger, lifetime: lifetime, clock: clock, generation: generation)
        cached = token
        return token
    }

    /// Drops the rejected token, then asks again.
    public func replacement(afterRejectionOf generation: TokenGeneration) async throws -> AccessToken? {
        if cached?.generation == generation { cached = nil }
        return try await token()
    }

    public nonisolated func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
        exchanger.authorize(&request, with: token)
    }

    public nonisolated func isTokenRejected(_ response: HTTPResponse) -> Bool { exchanger.isTokenRejected(response) }
}

/// One exchange turned into a token with the next generation, used for `lifetime` on `clock`.
func issue(
    _ exchanger: any CredentialExchange, lifetime: Duration?, clock: any AuthClock,
    generation: borrowing Atomic<UInt64>
) async throws -> AccessToken {
    let issued = try await exchanger.exchange()
    let next = generation.add(1, ordering: .relaxed).newValue
    return AccessToken(
        value: issued.value, generation: TokenGeneration(rawValue: next), expiresAt: lifetime.map { clock.now + $0 })
}
