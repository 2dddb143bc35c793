public import Foundation
public import ScopedAuth

/// An in-process model of the services ScopedAuth talks to, answering raw HTTP requests by origin.
///
/// Every service keeps its own accounts, credentials and issued tokens on the emulator's clock. Around each
/// service the emulator adds what every real server has: a `Date` header from the server's (optionally skewed)
/// wall clock, request counting, a request log, scripted ``faults``, and the checks every JSON endpoint makes
/// (bodies over 16 MiB and POST, PUT or PATCH without `Content-Type: application/json` answer 400).
///
/// ```swift
/// let clock = ManualClock()
/// let emulator = Emulator(clock: clock)
/// let key = emulator.spacelift.seededAPIKey
/// let response = try await emulator.transport.send(request)
/// clock.advance(by: .seconds(3601))   // issued tokens expire
/// ```
public final class Emulator: Sendable {
    /// The largest request body a JSON endpoint accepts.
    public static let maximumJSONBodySize = 16 * 1024 * 1024

    /// The clock that latency faults sleep on and that tokens expire by.
    public let clock: any AuthClock
    /// Where each service lives.
    public let origins: EmulatorOrigins
    /// What the services served: exchanges, requests, unauthorized answers.
    public let counters: EmulatorCounters
    /// The faults scripted for the services.
    public let faults: EmulatorFaults

    /// The MASV API; its presigned storage origin is ``MASVEmulator/storage``.
    public let masv: MASVEmulator
    /// The Spacelift GraphQL API.
    public let spacelift: SpaceliftEmulator
    /// The Massdriver GraphQL API.
    public let massdriver: MassdriverEmulator
    /// The Mudstack REST API.
    public let mudstack: MudstackEmulator
    /// The MetaKraftwerk REST API.
    public let metaKraftwerk: MetaKraftwerkEmulator

    /// The clock, skew, mint, counters and origins that the services share.
    package let environment: EmulatorEnvironment
    private let services = LockedValue<[HTTPOrigin: any EmulatedService]>([:])
    private let requestLog = EmulatorRequestLog()

    /// Creates an emulator with every service seeded with default accounts and credentials.
    ///
    /// - Parameters:
    ///   - clock: The clock for token expiry and injected latency; share a `ManualClock` with the SDK under test.
    ///   - origins: Where the services live; the real hosts by default.
    ///   - seed: Seeds every identifier, secret and token, so a run can be reproduced.
    ///   - masvConfiguration: MASV's chunk limits and lifetimes (its `seed` is replaced by `seed`); tests of
    ///     multi-chunk uploads lower `minChunkSize` and `maxChunkSize` to upload small files in several chunks.
    public init(
        clock: any AuthClock = ManualClock(),
        origins: EmulatorOrigins = .production,
        seed: UInt64 = 1,
        masvConfiguration: MASVConfiguration = MASVConfiguration()
    ) {
        self.clock = clock
        self.origins = origins
        counters = EmulatorCounters()
        faults = EmulatorFaults()
        environment = EmulatorEnvironment(
            clock: clock, mint: TokenMint(seed: seed), counters: counters, origins: origins
        )
        spacelift = SpaceliftEmulator(environment: environment)
        massdriver = MassdriverEmulator(environment: environment)
        var masvConfiguration = masvConfiguration
        masvConfiguration.seed = seed
        masv = MASVEmulator(configuration: masvConfiguration)
        mudstack = MudstackEmulator()
        metaKraftwerk = MetaKraftwerkEmulator()

        register(masv, at: origins.masv)
        register(masv.storage, at: origins.masvStorage)
        register(spacelift, at: origins.spacelift)
        register(massdriver, at: origins.massdriver)
        register(mudstack, at: origins.mudstack)
        register(metaKraftwerk, at: origins.metaKraftwerk)
    }

    /// Makes `service` answer every request to the origin of `baseURL`.
    private func register(_ service: any EmulatedService, at baseURL: URL) {
        guard let origin = HTTPOrigin(baseURL) else { return }
        services.withLock { $0[origin] = service }
    }

    /// Moves the services' wall clock by `offset` relative to ``clock`` (cumulative), as a server whose clock is
    /// wrong: it shows in the `Date` header and in every time the services issue or check.
    public func skewServerClock(by offset: Duration) {
        environment.skewServerClock(by: offset)
    }

    /// The services' wall clock now: ``clock``'s wall time plus the injected skew.
    public var serverNow: Date { environment.serverNow }

    /// The most recent requests (up to 10,000) that `service` received, oldest first, including those answered
    /// by an injected fault or refused by the general checks.
    ///
    /// ```swift
    /// let leaked = emulator.requests(to: .masvStorage).filter { $0.headers.containsSensitive }
    /// #expect(leaked.isEmpty)
    /// ```
    public func requests(to service: EmulatedServiceID) -> [HTTPRequest] {
        requestLog.requests(to: service)
    }

    /// Answers one request as the service at its origin would.
    ///
    /// - Throws: ``EmulatorTransportError/unknownHost(_:)`` when no service lives at the request's origin,
    ///   ``EmulatorTransportError/connectionDropped`` for an injected dropped connection, and
    ///   `CancellationError` when cancelled during injected latency.
    public func handle(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let origin = request.origin, let service = services.withLock({ $0[origin] }) else {
            throw EmulatorTransportError.unknownHost(request.origin?.description ?? request.url.redactedForDisplay)
        }
        let emulatorRequest = EmulatorRequest(request)
        counters.recordRequest(service.id, method: request.method.rawValue, path: emulatorRequest.path)
        requestLog.record(request, to: service.id)

        let applicable = faults.take(for: service.id, method: request.method, path: emulatorRequest.path)
        if !applicable.isEmpty { counters.recordFault(service.id) }
        var latency = Duration.zero
        for case .latency(let duration) in applicable.map(\.kind) { latency += duration }
        if latency > .zero { try await clock.sleep(for: latency) }

        var response: HTTPResponse
        if let injected = Self.injectedResponse(applicable, from: service) {
            response = injected
            // Services count the 401s they answer themselves; only an injected one is counted here.
            if response.status == 401 { counters.recordUnauthorized(service.id) }
        } else if let refusal = Self.generalCheck(emulatorRequest, for: service) {
            response = refusal
        } else {
            response = service.respond(to: emulatorRequest, context: environment.context())
        }

        if applicable.contains(.dropConnection) { throw EmulatorTransportError.connectionDropped }
        if applicable.contains(.truncateBody) { response.body = response.body.prefix(response.body.count / 2) }
        if applicable.contains(.malformedBody) {
            response.body = Data("<html><body>502 Bad Gateway".utf8)
        }
        response.headers["Date"] = HTTPDate.format(environment.serverNow)
        return response
    }

    /// The answer of the first status or rate-limit fault, in the service's error shape.
    private static func injectedResponse(
        _ faults: [EmulatorFault],
        from service: any EmulatedService
    ) -> HTTPResponse? {
        for fault in faults {
            switch fault.kind {
            case .status(let status):
                return service.errorResponse(status: status, message: "injected fault: HTTP \(status)")
            case .rateLimited(let seconds):
                var response = service.errorResponse(status: 429, message: "rate limited; retry in \(seconds) s")
                response.headers["Retry-After"] = String(seconds)
                return response
            case .latency, .dropConnection, .truncateBody, .malformedBody:
                continue
            }
        }
        return nil
    }

    /// The checks every JSON endpoint makes (all services except MASV's storage origin): a 400 answer, or `nil`.
    private static func generalCheck(
        _ request: EmulatorRequest,
        for service: any EmulatedService
    ) -> HTTPResponse? {
        guard service.id != .masvStorage else { return nil }
        if let body = request.http.body, body.count > maximumJSONBodySize {
            return service.errorResponse(
                status: 400, message: "request body of \(body.count) bytes exceeds \(maximumJSONBodySize) bytes"
            )
        }
        let needsBody: Set<HTTPMethod> = [.post, .put, .patch]
        if needsBody.contains(request.method), !request.hasJSONContentType {
            return service.errorResponse(status: 400, message: "Content-Type must be application/json")
        }
        return nil
    }
}

extension Emulator: CustomReflectable {
    /// A mirror that shows only the origins: the emulated services' state holds passwords, keys and tokens in the
    /// clear, and `dump` of a client reaches the emulator through its transport.
    public var customMirror: Mirror { Mirror(self, children: ["origins": origins], displayStyle: .class) }
}
