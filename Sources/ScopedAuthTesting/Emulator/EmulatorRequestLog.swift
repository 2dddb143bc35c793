package import ScopedAuth

/// The most recent requests each emulated service received, bounded so a long benchmark cannot grow it forever.
package final class EmulatorRequestLog: Sendable {
    /// How many requests per service are kept.
    package let capacity: Int
    private let requests = LockedValue<[EmulatedServiceID: [HTTPRequest]]>([:])

    package init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// Remembers `request` as received by `service`.
    package func record(_ request: HTTPRequest, to service: EmulatedServiceID) {
        requests.withLock { requests in
            requests[service, default: []].append(request)
            // Trim in batches so that recording stays amortised O(1) once the log is full.
            if let count = requests[service]?.count, count >= 2 * capacity {
                requests[service]?.removeFirst(count - capacity)
            }
        }
    }

    /// The last ``capacity`` requests to `service`, oldest first.
    package func requests(to service: EmulatedServiceID) -> [HTTPRequest] {
        requests.withLock { Array(($0[service] ?? []).suffix(capacity)) }
    }

    /// Forgets every request.
    package func removeAll() {
        requests.withLock { $0.removeAll() }
    }
}
