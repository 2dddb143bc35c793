public import Logging
public import ScopedAuth

/// Writes a session's events to a swift-log `Logger`, with the service and credential label as metadata.
///
/// Levels follow what an operator must act on: routine refreshes are `debug` and `info`, a replayed 401 is
/// `notice`, a transient failure or suspected clock skew `warning`, a permanent failure or an opened circuit
/// `error`. No event carries a token or credential, so neither does any log line.
///
/// ```swift
/// let logger = AuthEventLogger(logger: Logger(label: "auth"))
/// Task { await logger.run(client.session.labeledEvents()) }
/// ```
public struct AuthEventLogger: Sendable {
    /// The logger written to.
    public var logger: Logger

    /// Creates a bridge writing to `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Logs every event of `events` until the stream ends (at the session's shutdown).
    public func run<Events: AsyncSequence<LabeledAuthEvent, Never>>(_ events: Events) async {
        for await event in events {
            log(event)
        }
    }

    /// Logs one event.
    public func log(_ labeled: LabeledAuthEvent) {
        logger.log(
            level: Self.level(of: labeled.event),
            "\(labeled.label.service) auth: \(labeled.event)",
            metadata: Self.metadata(of: labeled))
    }

    /// The level an event is logged at.
    public static func level(of event: AuthEvent) -> Logger.Level {
        switch event {
        case .refreshStarted, .servedStale, .staleUnauthorizedReplayed, .refreshCancelled, .tokenLoadedFromStore,
             .waitedForStoreHolder, .tokenPublished: .debug
        case .storeFallback: .warning
        case .refreshSucceeded, .shutdown: .info
        case .unauthorizedReplayed: .notice
        case .clockSkewSuspected: .warning
        case .refreshFailed(let kind, _, _): kind.isTransient ? .warning : .error
        case .circuitOpened: .error
        }
    }

    /// The metadata of an event: `scopedauth.service`, `scopedauth.credential`, `scopedauth.event` and the
    /// event's own values (generation, waiters, duration, error kind, replayed requests).
    public static func metadata(of labeled: LabeledAuthEvent) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "scopedauth.service": "\(labeled.label.service)",
            "scopedauth.credential": "\(labeled.label.credential)",
            "scopedauth.event": "\(labeled.event.name)",
        ]
        switch labeled.event {
        case .refreshStarted(let cause):
            metadata["scopedauth.cause"] = "\(cause)"
        case .refreshSucceeded(let generation, let waiters, let duration):
            metadata["scopedauth.generation"] = "\(generation)"
            metadata["scopedauth.waiters"] = "\(waiters)"
            metadata["scopedauth.duration"] = "\(duration)"
        case .refreshFailed(let kind, let waiters, let retryAfter):
            metadata["scopedauth.error_kind"] = "\(kind)"
            metadata["scopedauth.waiters"] = "\(waiters)"
            if let retryAfter { metadata["scopedauth.retry_after"] = "\(retryAfter)" }
        case .servedStale(let generation):
            metadata["scopedauth.generation"] = "\(generation)"
        case .unauthorizedReplayed(let rejected, let replacement, let requests):
            metadata["scopedauth.rejected_generation"] = "\(rejected)"
            metadata["scopedauth.generation"] = "\(replacement)"
            metadata["scopedauth.requests"] = "\(requests)"
        case .staleUnauthorizedReplayed(let rejected, let replacement):
            metadata["scopedauth.rejected_generation"] = "\(rejected)"
            metadata["scopedauth.generation"] = "\(replacement)"
        case .circuitOpened(let openFor):
            metadata["scopedauth.open_for"] = "\(openFor)"
        case .clockSkewSuspected(let offset):
            if let offset { metadata["scopedauth.offset"] = "\(offset)" }
        case .tokenLoadedFromStore(let generation), .tokenPublished(let generation):
            metadata["scopedauth.fleet_generation"] = "\(generation)"
        case .waitedForStoreHolder(let generation, let waited):
            if let generation { metadata["scopedauth.fleet_generation"] = "\(generation)" }
            metadata["scopedauth.duration"] = "\(waited)"
        case .storeFallback(let error):
            metadata["scopedauth.error_kind"] = "\(error.kind.rawValue)"
        case .refreshCancelled, .shutdown:
            break
        }
        return metadata
    }
}
