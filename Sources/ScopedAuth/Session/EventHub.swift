import Synchronization

/// Fans one session's events out to every subscribed stream.
final class EventHub: Sendable {
    /// The open streams; `nil` once ``finishAll()`` ended them, after which new streams finish at once.
    private let subscribers = LockedValue<[UInt64: AsyncStream<AuthEvent>.Continuation]?>([:])
    private let nextID = Atomic<UInt64>(0)

    /// A new stream that receives every event published from now on.
    func subscribe(bufferSize: Int) -> AsyncStream<AuthEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: AuthEvent.self, bufferingPolicy: .bufferingNewest(max(1, bufferSize))
        )
        let id = nextID.add(1, ordering: .relaxed).newValue
        let open = subscribers.withLock { subscribers -> Bool in
            guard subscribers != nil else { return false }
            subscribers?[id] = continuation
            return true
        }
        guard open else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0?.removeValue(forKey: id) }
        }
        return stream
    }

    /// Delivers `event` to every subscriber.
    func publish(_ event: AuthEvent) {
        let continuations = subscribers.withLock { $0.map { Array($0.values) } ?? [] }
        for continuation in continuations { continuation.yield(event) }
    }

    /// Ends every stream.
    func finishAll() {
        let continuations = subscribers.withLock { subscribers in
            defer { subscribers = nil }
            return subscribers.map { Array($0.values) } ?? []
        }
        for continuation in continuations { continuation.finish() }
    }
}
