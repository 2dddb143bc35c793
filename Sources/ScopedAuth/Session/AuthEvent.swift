/// Why a session started a credential exchange.
public enum RefreshCause: Sendable, Hashable, CustomStringConvertible {
    /// No token has been obtained yet.
    case initial
    /// The token entered its soft margin; it is still handed out while the refresh runs.
    case proactive
    /// The token entered its hard margin (or expired) and is no longer handed out.
    case expired
    /// The service rejected the token of this generation.
    case rejected(TokenGeneration)

    /// A short name such as `proactive` or `rejected(g3)`.
    public var description: String {
        switch self {
        case .initial: "initial"
        case .proactive: "proactive"
        case .expired: "expired"
        case .rejected(let generation): "rejected(\(generation))"
        }
    }
}

/// Something a ``TokenSession`` did, for metrics and logs; it never carries a token or credential.
///
/// ScopedAuth has no logging dependency: subscribe with ``TokenSession/events(bufferSize:)`` and bridge events to swift-log,
/// swift-metrics or your own telemetry.
///
/// ```swift
/// Task {
///     for await event in session.events() {
///         logger.info("auth: \(event)")
///     }
/// }
/// ```
public enum AuthEvent: Sendable, Hashable, CustomStringConvertible {
    /// A credential exchange started.
    case refreshStarted(cause: RefreshCause)
    /// A credential exchange produced the token of `generation`; `waiters` callers had joined it.
    case refreshSucceeded(generation: TokenGeneration, waiters: Int, duration: Duration)
    /// A credential exchange failed; `waiters` callers received the error. `retryAfter` is the backoff for a
    /// transient failure.
    case refreshFailed(kind: AuthError.Kind, waiters: Int, retryAfter: Duration?)
    /// The refresh was cancelled because every caller waiting for it left (or the session shut down).
    case refreshCancelled
    /// A token inside its soft margin was handed out while a refresh was due (reported once per generation).
    case servedStale(generation: TokenGeneration)
    /// The service rejected `generation`; the session refreshed once and the `requests` requests that were waiting
    /// for it with that rejection are replayed with `replacement`.
    ///
    /// One event per rejected generation, when the refresh succeeds, however many requests were rejected with it:
    /// a storm of 1,000 rejections of one token is one event with `requests == 1_000`.
    case unauthorizedReplayed(rejected: TokenGeneration, replacement: TokenGeneration, requests: Int)
    /// The service rejected an older `generation`; the request was replayed with the current token, no refresh.
    case staleUnauthorizedReplayed(rejected: TokenGeneration, replacement: TokenGeneration)
    /// Too many refreshes in the window: the session fails fast for `openFor`.
    case circuitOpened(openFor: Duration)
    /// The service's clock and ours seem to disagree by `offset` (positive: ours is ahead), or a token arrived
    /// already inside its hard margin (`offset` then is the remaining lifetime, if known).
    case clockSkewSuspected(offset: Duration?)
    /// The session shut down.
    case shutdown
    /// The session took the token of `fleetGeneration` from its ``TokenStore`` instead of exchanging: one stored
    /// at an earlier run, or one another process (or session) refreshed first.
    case tokenLoadedFromStore(fleetGeneration: UInt64)
    /// Another holder had the refresh lease; the session waited `waited` for its token, which arrived as
    /// `fleetGeneration` (`nil`: none arrived in time, the session claimed the lease again or fell back).
    case waitedForStoreHolder(fleetGeneration: UInt64?, waited: Duration)
    /// The session exchanged the credential and stored the new token in its ``TokenStore`` as `fleetGeneration`.
    case tokenPublished(fleetGeneration: UInt64)
    /// The ``TokenStore`` failed or was too slow: the session exchanged on its own (static stability). The error
    /// says what went wrong, never a token or a secret.
    case storeFallback(TokenStoreError)

    /// A readable one-line rendering.
    public var description: String {
        switch self {
        case .refreshStarted(let cause): "refresh started (\(cause))"
        case .refreshSucceeded(let generation, let waiters, let duration):
            "refresh succeeded: \(generation) for \(waiters) waiting in \(duration)"
        case .refreshFailed(let kind, let waiters, let retryAfter):
            "refresh failed: \(kind), \(waiters) waiting" + (retryAfter.map { ", retry after \($0)" } ?? "")
        case .refreshCancelled: "refresh cancelled"
        case .servedStale(let generation): "served \(generation) inside its soft margin"
        case .unauthorizedReplayed(let rejected, let replacement, let requests):
            "\(rejected) rejected: \(requests) replayed with \(replacement)"
        case .staleUnauthorizedReplayed(let rejected, let replacement):
            "stale \(rejected) rejected: replayed with \(replacement) without refresh"
        case .circuitOpened(let openFor): "circuit opened for \(openFor)"
        case .clockSkewSuspected(let offset): "clock skew suspected" + (offset.map { " (\($0))" } ?? "")
        case .shutdown: "shutdown"
        case .tokenLoadedFromStore(let generation): "token of fleet generation \(generation) taken from the store"
        case .waitedForStoreHolder(let generation, let waited):
            "waited \(waited) for another holder's refresh: " + (generation.map { "fleet generation \($0)" } ?? "none arrived")
        case .tokenPublished(let generation): "token published to the store as fleet generation \(generation)"
        case .storeFallback(let error): "token store unusable, exchanged locally: \(error)"
        }
    }
}
