/// Which session an event is about: the service and a label of its credential, never the secret.
///
/// Each client sets it when it creates its ``TokenSession``, so that logs, metrics and traces of several sessions
/// (two MASV users, a Spacelift API key and a GitHub token) can be told apart.
///
/// ```swift
/// for await labeled in session.labeledEvents() {
///     logger.info("\(labeled.label.service) \(labeled.label.credential): \(labeled.event)")
/// }
/// ```
public struct SessionLabel: Sendable, Hashable, CustomStringConvertible {
    /// The service, such as `MASV` or `Spacelift`.
    public var service: String
    /// A non-secret name for the credential, such as an email address or an API key's id.
    public var credential: String

    /// Creates a label.
    ///
    /// - Parameters:
    ///   - service: The service, such as `MASV`.
    ///   - credential: A non-secret name for the credential; never pass a secret.
    public init(service: String, credential: String) {
        self.service = service
        self.credential = credential
    }

    /// The label of a session created without one.
    public static let unlabeled = SessionLabel(service: "unknown", credential: "unknown")

    /// `service/credential`.
    public var description: String { "\(service)/\(credential)" }
}

/// An ``AuthEvent`` with the ``SessionLabel`` of the session that published it.
public struct LabeledAuthEvent: Sendable, Hashable, CustomStringConvertible {
    /// The session's service and credential label.
    public var label: SessionLabel
    /// What happened.
    public var event: AuthEvent

    /// Creates a labeled event.
    public init(label: SessionLabel, event: AuthEvent) {
        self.label = label
        self.event = event
    }

    /// `service/credential: event`.
    public var description: String { "\(label): \(event)" }
}

extension TokenSession {
    /// A new stream of this session's events, each with the session's ``label``; it ends at ``shutdown()``.
    ///
    /// - Parameter bufferSize: How many events to keep for a slow reader before dropping the oldest.
    public nonisolated func labeledEvents(bufferSize: Int = 1_000) -> AsyncStream<LabeledAuthEvent> {
        let label = label
        let events = events(bufferSize: bufferSize)
        let (stream, continuation) = AsyncStream.makeStream(
            of: LabeledAuthEvent.self, bufferingPolicy: .bufferingNewest(max(1, bufferSize)))
        let forwarding = Task {
            for await event in events {
                continuation.yield(LabeledAuthEvent(label: label, event: event))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in forwarding.cancel() }
        return stream
    }
}

extension AuthEvent {
    /// A stable snake_case name for the event's case, such as `refresh_succeeded`, for log fields, metric and
    /// span names.
    public var name: String {
        switch self {
        case .refreshStarted: "refresh_started"
        case .refreshSucceeded: "refresh_succeeded"
        case .refreshFailed: "refresh_failed"
        case .refreshCancelled: "refresh_cancelled"
        case .servedStale: "served_stale"
        case .unauthorizedReplayed: "unauthorized_replayed"
        case .staleUnauthorizedReplayed: "stale_unauthorized_replayed"
        case .circuitOpened: "circuit_opened"
        case .clockSkewSuspected: "clock_skew_suspected"
        case .shutdown: "shutdown"
        case .tokenLoadedFromStore: "token_loaded_from_store"
        case .waitedForStoreHolder: "waited_for_store_holder"
        case .tokenPublished: "token_published"
        case .storeFallback: "store_fallback"
        }
    }
}
