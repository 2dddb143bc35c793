public import ScopedAuth

/// The faults a test has scripted for the emulated services, per service and optionally per endpoint.
///
/// A fault matches a request when the service matches, the method matches (if given) and the request's path
/// equals the given path or lies below it (`"/api"` matches `/api/v1` but not `/apiary`). A fault applies to the
/// next `times` matching requests, or to every matching request until ``clear()`` when injected with
/// ``injectPersistently(_:on:method:path:)``. When several faults match one request, all of them apply: their
/// latencies add up, the first status or rate-limit fault decides the answer, and body faults change it.
/// See ``EmulatorFault`` for how each kind shows.
///
/// ```swift
/// emulator.faults.inject(.status(503), on: .spacelift, path: "/graphql", times: 2)
/// emulator.faults.injectPersistently(.latency(.milliseconds(20)), on: .massdriver)
/// emulator.faults.clear()
/// ```
public final class EmulatorFaults: Sendable {
    private struct Rule {
        var fault: EmulatorFault
        var service: EmulatedServiceID
        var method: HTTPMethod?
        var path: String?
        /// `nil` = until cleared.
        var remaining: Int?

        func matches(service: EmulatedServiceID, method: HTTPMethod, path: String) -> Bool {
            guard self.service == service else { return false }
            if let expected = self.method, expected != method { return false }
            guard let prefix = self.path else { return true }
            if path == prefix || prefix.hasSuffix("/") && path.hasPrefix(prefix) { return true }
            return path.hasPrefix(prefix + "/")
        }
    }

    private let rules = LockedValue<[Rule]>([])

    /// Creates an empty fault script.
    public init() {}

    /// Makes the next `times` matching requests misbehave as `fault` says.
    ///
    /// - Parameters:
    ///   - fault: What goes wrong.
    ///   - service: The service whose answers it affects.
    ///   - method: Only requests with this method; any method when `nil`.
    ///   - path: Only requests to this path or below it; any path when `nil`.
    ///   - times: How many matching requests it affects; nothing is injected when it is not positive.
    public func inject(
        _ fault: EmulatorFault,
        on service: EmulatedServiceID,
        method: HTTPMethod? = nil,
        path: String? = nil,
        times: Int = 1
    ) {
        guard times > 0 else { return }
        rules.withLock {
            $0.append(Rule(fault: fault, service: service, method: method, path: path, remaining: times))
        }
    }

    /// Makes every matching request misbehave as `fault` says, until ``clear()`` or ``clear(on:)``.
    ///
    /// - Parameters:
    ///   - fault: What goes wrong.
    ///   - service: The service whose answers it affects.
    ///   - method: Only requests with this method; any method when `nil`.
    ///   - path: Only requests to this path or below it; any path when `nil`.
    public func injectPersistently(
        _ fault: EmulatorFault,
        on service: EmulatedServiceID,
        method: HTTPMethod? = nil,
        path: String? = nil
    ) {
        rules.withLock {
            $0.append(Rule(fault: fault, service: service, method: method, path: path, remaining: nil))
        }
    }

    /// Removes every fault.
    public func clear() {
        rules.withLock { $0.removeAll() }
    }

    /// Removes every fault on `service`.
    public func clear(on service: EmulatedServiceID) {
        rules.withLock { $0.removeAll { $0.service == service } }
    }

    /// The number of faults still scripted for `service` (persistent ones included).
    public func pending(on service: EmulatedServiceID) -> Int {
        rules.withLock { $0.count { $0.service == service } }
    }

    /// Takes the faults that apply to one request, using up one of each counted fault's remaining calls.
    package func take(for service: EmulatedServiceID, method: HTTPMethod, path: String) -> [EmulatorFault] {
        rules.withLock { rules in
            var taken: [EmulatorFault] = []
            for index in rules.indices where rules[index].matches(service: service, method: method, path: path) {
                taken.append(rules[index].fault)
                if let remaining = rules[index].remaining { rules[index].remaining = remaining - 1 }
            }
            rules.removeAll { $0.remaining.map { $0 <= 0 } ?? false }
            return taken
        }
    }
}
