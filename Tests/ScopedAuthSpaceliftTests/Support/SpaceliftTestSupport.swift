import Foundation
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting
import Synchronization
import Testing

/// A secret that must never appear in any description, error or event.
let sentinelSecret = "SENTINEL-5p4c3l1ft-never-print-me"

/// One emulator and one ManualClock shared by the client under test.
struct SpaceliftFixture {
    let clock = ManualClock()
    let emulator: Emulator

    init() {
        emulator = Emulator(clock: clock)
    }

    var endpoint: URL { emulator.origins.spacelift }
    var key: KeyAndSecret { emulator.spacelift.seededAPIKey }

    /// A session client on the seeded API key (or `key`), talking to the emulator.
    func client(
        key: KeyAndSecret? = nil,
        transport: (any HTTPTransport)? = nil,
        policy: RefreshPolicy = .default
    ) throws -> SpaceliftClient<TokenSession> {
        try SpaceliftClient(credential: .apiKey(key ?? self.key), baseURL: endpoint, transport: transport ?? emulator.transport,
                            clock: clock, refreshPolicy: policy)
    }

    /// A static-token client talking to the emulator; the endpoint comes from the token's `aud` unless given.
    func staticClient(token: String, endpoint: URL? = nil) throws -> SpaceliftClient<StaticToken> {
        try SpaceliftClient(token: Secret(token), baseURL: endpoint, transport: emulator.transport, clock: clock)
    }

    /// Successful `apiKeyUser` exchanges of the seeded key so far.
    var exchanges: Int { emulator.counters.exchanges(.spacelift, credential: key.id) }

    /// The bearer tokens of the GraphQL requests the emulator received, in order (exchanges carry none).
    var bearerTokens: [String] {
        emulator.requests(to: .spacelift).compactMap { $0.headers["Authorization"] }
    }
}

/// A JWT-shaped token (unsigned) with `exp` `lifetime` after `now`, `aud` `[audience]` and a sentinel signature.
func makeJWT(expiresIn lifetime: TimeInterval, now: Date, audience: String?) -> String {
    makeJWT(expiresIn: lifetime, now: now, audienceJSON: audience.map { "[\"\($0)\"]" })
}

/// A JWT-shaped token (unsigned) whose `aud` claim is the JSON text `audienceJSON` (none when `nil`).
func makeJWT(expiresIn lifetime: TimeInterval, now: Date, audienceJSON: String?) -> String {
    var claims = "\"sub\":\"api::test\",\"iat\":\(now.timeIntervalSince1970),\"exp\":\(now.timeIntervalSince1970 + lifetime)"
    if let audienceJSON { claims += ",\"aud\":" + audienceJSON }
    func encode(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
    return encode(#"{"alg":"HS256","typ":"JWT"}"#) + "." + encode("{" + claims + "}") + "." + encode(sentinelSecret)
}

/// Waits (on the real clock) until `condition` holds, for background work such as a proactive refresh.
func eventually(timeout: Duration = .seconds(20), _ condition: @Sendable () async -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return await condition()
}

/// Collects a client's session events.
final class EventRecorder: Sendable {
    private let events = LockedValue<[AuthEvent]>([])

    init(_ client: SpaceliftClient<TokenSession>) {
        let stream = client.events(bufferSize: 100_000)
        Task { [self] in
            for await event in stream { events.withLock { $0.append(event) } }
        }
    }

    var all: [AuthEvent] { events.withLock { $0 } }
}

/// A transport that answers every request carrying a bearer token with Spacelift's HTTP 200 "unauthorized",
/// and passes the rest (the exchanges) to `base`.
final class AlwaysUnauthorizedTransport: HTTPTransport {
    let base: any HTTPTransport
    private let counter = Atomic<Int>(0)

    init(base: any HTTPTransport) { self.base = base }

    var rejections: Int { counter.load(ordering: .relaxed) }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.headers["Authorization"] != nil else { return try await base.send(request) }
        counter.add(1, ordering: .relaxed)
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"],
                            body: Data(#"{"data":null,"errors":[{"message":"unauthorized"}]}"#.utf8))
    }
}

/// Expects `body` to throw an `AuthError` of `kind`, and returns it.
@discardableResult
func expectAuthError(
    _ kind: AuthError.Kind,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> some Any
) async -> AuthError? {
    do {
        _ = try await body()
        Issue.record("expected AuthError.\(kind), got a value", sourceLocation: sourceLocation)
    } catch let error as AuthError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected AuthError.\(kind), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
