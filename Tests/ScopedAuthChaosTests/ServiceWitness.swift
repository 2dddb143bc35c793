import Foundation
import ScopedAuth
import ScopedAuthTesting

/// What the services saw, measured at the emulator's door rather than read from the SDK's own events: how many
/// credential exchanges ran at once per credential, and when an injected fault was served to which service.
final class ServiceWitness: Sendable {
    private struct State {
        var inFlight: [String: Int] = [:]
        var maximum: [String: Int] = [:]
        var faultsServed: [EmulatedServiceID: [AuthInstant]] = [:]
    }

    private let state = LockedValue(State())
    private let services: [HTTPOrigin: EmulatedServiceID]
    private let counters: EmulatorCounters
    private let clock: any AuthClock

    init(emulator: Emulator) {
        let origins = emulator.origins
        var services: [HTTPOrigin: EmulatedServiceID] = [:]
        for (url, id) in [(origins.masv, EmulatedServiceID.masv), (origins.masvStorage, .masvStorage),
                          (origins.spacelift, .spacelift), (origins.massdriver, .massdriver),
                          (origins.mudstack, .mudstack), (origins.metaKraftwerk, .metaKraftwerk)] {
            if let origin = HTTPOrigin(url) { services[origin] = id }
        }
        self.services = services
        counters = emulator.counters
        clock = emulator.clock
    }

    /// Sends `request` through `send`, counting a credential exchange while it is at the service and noting
    /// whether the emulator served an injected fault meanwhile.
    func observe(_ request: HTTPRequest, _ send: () async throws -> HTTPResponse) async throws -> HTTPResponse {
        guard let origin = request.origin, let service = services[origin] else { return try await send() }
        let exchange = Self.exchangeKey(request, service: service)
        let faultsBefore = counters.faultsServed(service)
        let sent = clock.now
        if let exchange {
            state.withLock { state in
                state.inFlight[exchange, default: 0] += 1
                state.maximum[exchange] = max(state.maximum[exchange] ?? 0, state.inFlight[exchange] ?? 0)
            }
        }
        defer {
            // A fault applies from the moment the request arrives (stacked latencies can hold it for many
            // seconds), so it is noted at the request's start; the counter may also have moved for a concurrent
            // request, which is a fault served meanwhile just the same.
            let faulted = counters.faultsServed(service) > faultsBefore
            state.withLock { state in
                if let exchange { state.inFlight[exchange, default: 1] -= 1 }
                if faulted { state.faultsServed[service, default: []].append(sent) }
            }
        }
        return try await send()
    }

    /// The credentials whose exchanges ran more than one at a time at the service, with the largest number.
    var overlappingExchanges: [String: Int] {
        state.withLock { $0.maximum.filter { $0.value > 1 } }
    }

    /// The most exchanges that ran at once for any one credential.
    var maximumConcurrentExchanges: Int { state.withLock { $0.maximum.values.max() ?? 0 } }

    /// Whether the emulator served an injected fault to one of `services` between `start` and `end`.
    func faultServed(to services: [EmulatedServiceID], from start: AuthInstant, to end: AuthInstant) -> Bool {
        state.withLock { state in
            services.contains { service in
                (state.faultsServed[service] ?? []).contains { $0 >= start && $0 <= end }
            }
        }
    }

    /// `service|credential` for a credential exchange (a sign-in that mints a token), or `nil` for other requests.
    private static func exchangeKey(_ request: HTTPRequest, service: EmulatedServiceID) -> String? {
        guard request.method == .post, let body = request.body,
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        else { return nil }
        let path = request.url.path
        switch service {
        case .masv where path == "/v1/auth":
            return (object["email"] as? String).map { "MASV|\($0)" }
        case .mudstack where path == "/auth/token":
            return (object["key"] as? String).map { "Mudstack|\($0)" }
        case .metaKraftwerk where path == "/authentication" && object["strategy"] as? String == "local":
            return (object["email"] as? String).map { "MetaKraftwerk|\($0)" }
        case .spacelift where (object["query"] as? String)?.contains("apiKeyUser") == true:
            let variables = object["variables"] as? [String: Any]
            return (variables?["id"] as? String).map { "Spacelift|\($0)" }
        default:
            return nil
        }
    }
}
