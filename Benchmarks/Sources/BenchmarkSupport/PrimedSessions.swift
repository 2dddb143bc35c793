public import ScopedAuth
import Synchronization

/// A reference for the hot path: the same read as `TokenSession.freshToken()`'s, a token behind a `Mutex`, with
/// no clock and no decision.
public final class MutexTokenBox: Sendable {
    private let mutex: Mutex<AccessToken?>

    public init(_ token: AccessToken) {
        mutex = Mutex(token)
    }

    @inline(never)
    public func read() -> AccessToken? {
        mutex.withLock { $0 }
    }
}

/// A reference for the hot path: the same token behind an actor, so every read is an actor call.
public actor ActorTokenBox {
    private let token: AccessToken

    public init(_ token: AccessToken) {
        self.token = token
    }

    public func read() -> AccessToken? { token }
}

/// One session per process holding a fresh token (one exchange, no latency), shared by the hot-path and
/// request-overhead benchmarks so that their iterations measure only the reads.
public enum PrimedSession {
    private static let shared = Mutex<(ExchangeFixture, TokenSession)?>(nil)

    /// The fixture and its session, primed with one token that lives an hour.
    public static func get() async throws -> (fixture: ExchangeFixture, session: TokenSession) {
        if let primed = shared.withLock({ $0 }) { return primed }
        let fixture = ExchangeFixture(latency: .zero, lifetime: nil)
        let session = TokenSession(exchange: fixture.exchange, clock: fixture.clock)
        _ = try await session.token()
        shared.withLock { $0 = (fixture, session) }
        return (fixture, session)
    }
}
