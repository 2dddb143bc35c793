import Foundation
public import ScopedAuth
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if SCOPEDAUTH_BENCHMARK_AHC
import ScopedAuthAsyncHTTPClient
#endif

/// One way of calling the end-to-end server's `GET /resource` with a bearer token from its `POST /token`: every
/// contender obtains tokens, stamps requests and handles a 401 its own way, over its own HTTP stack.
public protocol EndToEndContender: Sendable {
    /// Sends one `GET /resource` (replaying once after a 401) and returns the final status.
    func request() async throws -> Int
    /// Releases the contender's session and connections.
    func shutdown() async
}

/// The contenders the end-to-end suite compares in every iteration.
public enum EndToEndContenderKind: String, CaseIterable, Sendable {
    /// ScopedAuth: `TokenSession` + `HTTPClient.authorized` over ``URLSessionTransport``.
    case scopedAuthURLSession = "ScopedAuth/URLSession"
    /// What a user writes by hand: an actor caching the token (one refresh in flight), plain `URLSession`,
    /// replay once on 401.
    case reference = "reference"
    #if SCOPEDAUTH_BENCHMARK_AHC
    /// ScopedAuth: `TokenSession` + `HTTPClient.authorized` over `AsyncHTTPClientTransport` (Integrations package;
    /// only in a build with `SCOPEDAUTH_BENCHMARK_AHC=1`).
    case scopedAuthAsyncHTTPClient = "ScopedAuth/AHC"
    #endif

    /// A new contender of this kind talking to `baseURL`.
    public func make(baseURL: URL) -> any EndToEndContender {
        switch self {
        case .scopedAuthURLSession: ScopedAuthContender(baseURL: baseURL, transport: URLSessionTransport())
        case .reference: HandWrittenContender(baseURL: baseURL)
        #if SCOPEDAUTH_BENCHMARK_AHC
        case .scopedAuthAsyncHTTPClient:
            AsyncHTTPClientContender(baseURL: baseURL)
        #endif
        }
    }
}

// MARK: - ScopedAuth

/// `POST /token` through a ScopedAuth transport, answered with an OAuth-style JSON token.
public struct EndToEndTokenExchange: CredentialExchange {
    let transport: any HTTPTransport
    let url: URL

    public init(transport: any HTTPTransport, baseURL: URL) {
        self.transport = transport
        url = baseURL.appending(path: "token")
    }

    struct Answer: Decodable {
        // swiftlint:disable:next identifier_name
        var access_token: String
        // swiftlint:disable:next identifier_name
        var expires_in: Double
    }

    public func exchange() async throws -> IssuedToken {
        let request = HTTPRequest(
            method: .post, url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data("grant_type=client_credentials&client_id=bench&client_secret=bench".utf8))
        let response = try await transport.send(request)
        guard response.status == 200 else {
            throw AuthError(.invalidCredentials, detail: "token endpoint answered HTTP \(response.status)")
        }
        let answer = try JSONDecoder().decode(Answer.self, from: response.body)
        return IssuedToken(value: Secret(answer.access_token), expiry: .after(.milliseconds(Int(answer.expires_in * 1_000))))
    }
}

/// ScopedAuth as an application uses it: one `TokenSession`, one `HTTPClient.authorized`, one transport.
public struct ScopedAuthContender: EndToEndContender {
    let session: TokenSession
    let client: HTTPClient
    let resource: URL

    public init(baseURL: URL, transport: any HTTPTransport) {
        let clock = SystemAuthClock()
        session = TokenSession(exchange: EndToEndTokenExchange(transport: transport, baseURL: baseURL), clock: clock)
        client = HTTPClient.authorized(
            transport: transport, source: session, origin: HTTPOrigin(baseURL)!, clock: clock, service: "EndToEnd")
        resource = baseURL.appending(path: "resource")
    }

    public func request() async throws -> Int {
        try await client.send(HTTPRequest(method: .get, url: resource)).status
    }

    public func shutdown() async { await session.shutdown() }
}

#if SCOPEDAUTH_BENCHMARK_AHC
/// ScopedAuth over `AsyncHTTPClientTransport`, which owns its AsyncHTTPClient (on the shared event loop group).
struct AsyncHTTPClientContender: EndToEndContender {
    let transport: AsyncHTTPClientTransport
    let scopedAuth: ScopedAuthContender

    init(baseURL: URL) {
        transport = AsyncHTTPClientTransport()
        scopedAuth = ScopedAuthContender(baseURL: baseURL, transport: transport)
    }

    func request() async throws -> Int { try await scopedAuth.request() }

    func shutdown() async {
        await scopedAuth.shutdown()
        try? await transport.shutdown()
    }
}
#endif

// MARK: - The hand-written reference

/// The token cache a careful user writes: an actor holding the token and its expiry, and the one refresh in
/// flight, so concurrent callers share it (actors are reentrant; without the stored task each would exchange).
actor HandWrittenTokenCache {
    private let session: URLSession
    private let tokenURL: URL
    private var token: String?
    private var expiry = ContinuousClock.now
    private var refreshing: Task<(String, ContinuousClock.Instant), any Error>?

    init(session: URLSession, tokenURL: URL) {
        self.session = session
        self.tokenURL = tokenURL
    }

    func current() async throws -> String {
        if let token, ContinuousClock.now < expiry { return token }
        if let refreshing { return try await refreshing.value.0 }
        let task = Task { [session, tokenURL] in try await Self.fetch(session: session, url: tokenURL) }
        refreshing = task
        do {
            let (value, expiry) = try await task.value
            token = value
            self.expiry = expiry
            refreshing = nil
            return value
        } catch {
            refreshing = nil
            throw error
        }
    }

    /// Forgets `rejected` if it is still the cached token.
    func invalidate(_ rejected: String) {
        if token == rejected { token = nil }
    }

    struct Answer: Decodable {
        // swiftlint:disable:next identifier_name
        var access_token: String
        // swiftlint:disable:next identifier_name
        var expires_in: Double
    }

    private static func fetch(session: URLSession, url: URL) async throws -> (String, ContinuousClock.Instant) {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("grant_type=client_credentials&client_id=bench&client_secret=bench".utf8)
        let (data, response) = try await session.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw URLError(.userAuthenticationRequired) }
        let answer = try JSONDecoder().decode(Answer.self, from: data)
        return (answer.access_token, ContinuousClock.now + .milliseconds(Int(answer.expires_in * 1_000)))
    }
}

/// The reference: the cache above, plain `URLSession`, one replay after a 401.
public struct HandWrittenContender: EndToEndContender {
    let session: URLSession
    let cache: HandWrittenTokenCache
    let resource: URL

    public init(baseURL: URL) {
        session = URLSession(configuration: .ephemeral)
        cache = HandWrittenTokenCache(session: session, tokenURL: baseURL.appending(path: "token"))
        resource = baseURL.appending(path: "resource")
    }

    public func request() async throws -> Int {
        let token = try await cache.current()
        var request = URLRequest(url: resource)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 401 else { return status }
        await cache.invalidate(token)
        let replacement = try await cache.current()
        request.setValue("Bearer \(replacement)", forHTTPHeaderField: "Authorization")
        let (_, replayed) = try await session.data(for: request)
        return (replayed as? HTTPURLResponse)?.statusCode ?? 0
    }

    public func shutdown() async { session.finishTasksAndInvalidate() }
}
