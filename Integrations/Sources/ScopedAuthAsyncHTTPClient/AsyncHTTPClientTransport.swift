public import AsyncHTTPClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore
import NIOHTTP1
public import ScopedAuth

/// An ``ScopedAuth/HTTPTransport`` over AsyncHTTPClient, for server applications that already run SwiftNIO.
///
/// It keeps the ScopedAuth transport contract, so every security rule of the middleware chain holds:
/// - it never follows a redirect: the 3xx answer goes back up the chain, where `RedirectMiddleware` decides what
///   may be re-sent and where (AsyncHTTPClient's own redirect following strips only `Authorization`, `Cookie` and
///   `Proxy-Authorization`, so an `X-API-KEY` would reach the other origin);
/// - it enforces ``Configuration/maximumResponseSize`` while the body streams (and from `Content-Length` before
///   reading), so an oversized answer never sits in memory;
/// - it reports cancellation of the calling task as `CancellationError`;
/// - it adds no header of its own.
///
/// ```swift
/// let transport = AsyncHTTPClientTransport()            // owns a client with redirects off
/// let client = MudstackClient(credential: key, accountID: id, transport: transport)
/// // …
/// try await transport.shutdown()
/// ```
///
/// To share an application's `HTTPClient`, create it with ``makeClientConfiguration(_:)`` (or at least with
/// `redirectConfiguration: .disallow`) and pass it to ``init(client:configuration:)``. A client that follows
/// redirects anyway is caught on the first redirect: the response is refused with
/// ``ScopedAuth/AuthError/Kind/insecureTransport``, but only after AsyncHTTPClient has re-sent the request to the
/// redirect's target, so that check is a tripwire and `.disallow` is what keeps credentials on their origin.
public final class AsyncHTTPClientTransport: ScopedAuth.HTTPTransport {
    /// Limits of the transport.
    public struct Configuration: Sendable {
        /// How long one request may take, from sending to the last byte of the response.
        public var requestTimeout: Duration
        /// The largest response body accepted; larger ones fail with ``ScopedAuth/AuthError/Kind/malformedResponse``
        /// as soon as the limit is crossed (or at once, from `Content-Length`).
        public var maximumResponseSize: Int
        /// How many requests to one origin the client sends at once, the rest waiting in its connection pool
        /// (``ScopedAuth/HTTPTransport/concurrentRequestsPerOrigin``); `nil` for the default: the pool's HTTP/1.1
        /// connections per host (8) for a transport that owns its client, unknown for an application's client.
        ///
        /// `HTTPClient.authorized` lets twice this many requests read their token at once, so that requests do not
        /// wait in the pool already stamped with a token the service may reject meanwhile. Over HTTP/2, where one
        /// connection carries many requests, a larger number keeps more of them on the wire.
        public var concurrentRequestsPerOrigin: Int?

        /// Creates a configuration.
        public init(
            requestTimeout: Duration = .seconds(60), maximumResponseSize: Int = 512 * 1024 * 1024,
            concurrentRequestsPerOrigin: Int? = nil
        ) {
            self.requestTimeout = requestTimeout
            self.maximumResponseSize = maximumResponseSize
            self.concurrentRequestsPerOrigin = concurrentRequestsPerOrigin
        }
    }

    /// The AsyncHTTPClient that sends the requests.
    public let client: AsyncHTTPClient.HTTPClient
    /// The transport's limits.
    public let configuration: Configuration
    private let ownsClient: Bool

    /// How many requests to one origin go on the wire at once (see ``Configuration/concurrentRequestsPerOrigin``).
    public let concurrentRequestsPerOrigin: Int?

    /// Creates a transport over an application's client, which the application shuts down.
    ///
    /// - Parameters:
    ///   - client: A client created with `redirectConfiguration: .disallow` (see ``makeClientConfiguration(_:)``).
    ///   - configuration: The transport's limits.
    public init(client: AsyncHTTPClient.HTTPClient, configuration: Configuration = Configuration()) {
        self.client = client
        self.configuration = configuration
        ownsClient = false
        concurrentRequestsPerOrigin = configuration.concurrentRequestsPerOrigin
    }

    /// Creates a transport that owns its client: redirects off, no decompression, on the shared event loop group.
    ///
    /// Call ``shutdown()`` when done; a transport released without it shuts its client down in the background.
    ///
    /// - Parameter configuration: The transport's limits.
    public init(configuration: Configuration = Configuration()) {
        let clientConfiguration = Self.makeClientConfiguration()
        client = AsyncHTTPClient.HTTPClient(
            eventLoopGroup: AsyncHTTPClient.HTTPClient.defaultEventLoopGroup,
            configuration: clientConfiguration
        )
        self.configuration = configuration
        ownsClient = true
        concurrentRequestsPerOrigin = configuration.concurrentRequestsPerOrigin
            ?? clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit
    }

    deinit {
        if ownsClient {
            client.shutdown { _ in }
        }
    }

    /// An AsyncHTTPClient configuration fit for ScopedAuth: `base` with redirects disallowed.
    ///
    /// - Parameter base: The application's configuration (TLS, proxy, pool); its redirect setting is replaced.
    public static func makeClientConfiguration(
        _ base: AsyncHTTPClient.HTTPClient.Configuration = AsyncHTTPClient.HTTPClient.Configuration()
    ) -> AsyncHTTPClient.HTTPClient.Configuration {
        var configuration = base
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    /// Shuts down the client if this transport created it; does nothing for an application's client.
    public func shutdown() async throws {
        guard ownsClient else { return }
        try await client.shutdown()
    }

    /// Sends `request` and returns whatever the server answered, redirects included.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled; ``ScopedAuth/AuthError`` of kind
    ///   ``ScopedAuth/AuthError/Kind/malformedResponse`` for an oversized body, ``ScopedAuth/AuthError/Kind/timeout``
    ///   when ``Configuration/requestTimeout`` passes, ``ScopedAuth/AuthError/Kind/transient`` when no answer came.
    public func send(_ request: ScopedAuth.HTTPRequest) async throws -> ScopedAuth.HTTPResponse {
        try Task.checkCancellation()
        do {
            return try await perform(request)
        } catch let error as AuthError {
            throw error
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            if let error = error as? HTTPClientError, error == .cancelled { throw CancellationError() }
            throw Self.classify(error, reaching: request.url)
        }
    }

    private func perform(_ request: ScopedAuth.HTTPRequest) async throws -> ScopedAuth.HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers {
            outgoing.headers.add(name: field.name, value: field.value)
        }
        if let body = request.body {
            // The core request holds its body in memory (a MASV chunk is read from disk into one buffer of the
            // chunk's size); it goes out with a known length, in one write.
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(outgoing, timeout: .nanoseconds(configuration.requestTimeout.nanoseconds))
        guard response.history.count <= 1 else {
            throw AuthError(
                .insecureTransport,
                detail: "the AsyncHTTPClient followed a redirect; create it with redirectConfiguration: .disallow"
            )
        }
        let status = Int(response.status.code)
        let limit = configuration.maximumResponseSize
        if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > limit {
            throw AuthError(.malformedResponse, status: status,
                            detail: "response of \(declared) bytes exceeds the limit of \(limit)")
        }
        var body = Data()
        for try await part in response.body {
            guard body.count + part.readableBytes <= limit else {
                throw AuthError(.malformedResponse, status: status,
                                detail: "response exceeds the limit of \(limit) bytes")
            }
            body.append(contentsOf: part.readableBytesView)
        }
        var headers = ScopedAuth.HTTPHeaders()
        for (name, value) in response.headers {
            headers.add(name: name, value: value)
        }
        return ScopedAuth.HTTPResponse(status: status, headers: headers, body: body)
    }

    /// A failure to get an answer, worded as the core words a `URLSession` failure: which `host:port` could not be
    /// reached and what to check (never a path, query or credential).
    private static func classify(_ error: any Error, reaching url: URL) -> AuthError {
        if let error = error as? HTTPClientError,
            [HTTPClientError.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error)
        {
            var timeout = AuthError.transportFailure(URLError(.timedOut), reaching: url)
            timeout.detail = timeout.detail.map { "\($0) (AsyncHTTPClient \(error))" }
            return timeout
        }
        return AuthError.transportFailure(error, reaching: url)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ attoseconds / 1_000_000_000
    }
}
