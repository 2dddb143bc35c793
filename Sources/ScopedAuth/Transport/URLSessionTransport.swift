import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The default ``HTTPTransport``, built on `URLSession` (FoundationNetworking on Linux).
///
/// It keeps the transport contract (see ``HTTPTransport``) and passes `TransportConformance` from
/// ScopedAuthTesting: it never follows redirects (``RedirectMiddleware`` does, so that credentials never cross
/// origins); it refuses a body larger than ``Configuration/maximumResponseSize`` as soon as the response head
/// announces it or the streamed bytes pass it, keeps no more than the limit itself and cancels the task; a cancelled
/// `send` throws `CancellationError`, whatever the method; and it never stores or adds cookies, nor caches
/// responses, because responses carry tokens.
///
/// On Linux, FoundationNetworking reads without back-pressure: what libcurl receives between the refusal and the
/// moment the cancellation lands is buffered by Foundation, not by ScopedAuth. On an idle machine that is a few
/// MiB; under heavy CPU load, with a server pushing at loopback speed, it can approach the whole body. A server
/// application that must bound memory against hostile servers passes a transport with back-pressure (for example
/// one built on AsyncHTTPClient's streaming API) that keeps the same contract.
///
/// ```swift
/// let transport = URLSessionTransport()
/// let response = try await transport.send(HTTPRequest(method: .get, url: url))
/// ```
public final class URLSessionTransport: HTTPTransport {
    /// Options for the underlying session.
    public struct Configuration: Sendable {
        /// How long a request may wait for data before failing.
        public var requestTimeout: Duration
        /// The largest response body accepted; larger ones fail with ``AuthError/Kind/malformedResponse`` as soon
        /// as the `Content-Length` announces them or the streamed bytes exceed it, before the rest is read.
        public var maximumResponseSize: Int
        /// The connections the session opens to one host (`httpMaximumConnectionsPerHost`); requests beyond them
        /// wait inside `URLSession`.
        public var maximumConnectionsPerHost: Int
        /// How many requests to one origin are on the wire at once, which the transport reports as
        /// ``URLSessionTransport/concurrentRequestsPerOrigin``; `nil`, the default, for
        /// ``maximumConnectionsPerHost``: one request per connection, as over HTTP/1.1.
        ///
        /// An HTTP/2 service multiplexes requests over one connection, up to its own limit of concurrent streams
        /// (often 100): set that limit here, or the standard pipeline holds requests back to what HTTP/1.1
        /// connections could carry (see ``AuthMiddleware/maximumConcurrentRequests``).
        public var concurrentRequestsPerOrigin: Int?

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - requestTimeout: How long a request may wait for data before failing.
        ///   - maximumResponseSize: The largest response body accepted.
        ///   - maximumConnectionsPerHost: The connections the session opens to one host; `URLSession`'s own
        ///     default (6 on Linux and macOS) unless given.
        ///   - concurrentRequestsPerOrigin: How many requests to one origin are on the wire at once; `nil` for
        ///     `maximumConnectionsPerHost` (HTTP/1.1). Give an HTTP/2 service's concurrent-stream limit.
        public init(
            requestTimeout: Duration = .seconds(60), maximumResponseSize: Int = 512 * 1024 * 1024,
            maximumConnectionsPerHost: Int? = nil, concurrentRequestsPerOrigin: Int? = nil
        ) {
            self.requestTimeout = requestTimeout
            self.maximumResponseSize = maximumResponseSize
            self.maximumConnectionsPerHost = max(1, maximumConnectionsPerHost ?? Self.defaultConnectionsPerHost)
            self.concurrentRequestsPerOrigin = concurrentRequestsPerOrigin.map { max(1, $0) }
        }

        /// `URLSession`'s own default.
        private static let defaultConnectionsPerHost = URLSessionConfiguration.ephemeral.httpMaximumConnectionsPerHost
    }

    private let session: URLSession
    private let delegate: TaskDelegate
    /// The options it was created with.
    public let configuration: Configuration

    /// Creates a transport with its own ephemeral `URLSession`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpCookieStorage = nil
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.urlCredentialStorage = nil
        sessionConfiguration.urlCache = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.timeoutIntervalForRequest = configuration.requestTimeout.seconds
        sessionConfiguration.httpMaximumConnectionsPerHost = configuration.maximumConnectionsPerHost
        delegate = TaskDelegate()
        session = URLSession(configuration: sessionConfiguration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Sends `request` and returns whatever the server answered, redirects included.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled (before or during the exchange);
    ///   ``AuthError/Kind/malformedResponse`` for a body over the limit; the `URLError` of a failed connection.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.httpShouldHandleCookies = false
        for field in request.headers {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
        }
        urlRequest.httpBody = request.body
        let task = session.dataTask(with: urlRequest)
        let exchange = Exchange(limit: configuration.maximumResponseSize)
        delegate.register(exchange, for: task)
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                exchange.start(continuation)
                task.resume()
            }
        } onCancel: {
            exchange.cancelledByCaller()
            task.cancel()
        }
    }
}

/// One request in flight: its response head, the body so far, and how it ends.
///
/// Its continuation is resumed exactly once, so an `UnsafeContinuation` (no checking object per request) is safe:
/// `start` stores it before the task is resumed, so before any delegate call; `complete` runs once per task (the
/// delegate removes the exchange from its table under the lock before calling it) and takes the continuation out
/// of the state under the lock before resuming it.
private final class Exchange: Sendable {
    private struct State {
        var continuation: UnsafeContinuation<HTTPResponse, any Error>?
        var response: HTTPURLResponse?
        var body = Data()
        var failure: AuthError?
        var cancelled = false
    }

    let limit: Int
    private let state = LockedValue(State())

    init(limit: Int) { self.limit = limit }

    func start(_ continuation: UnsafeContinuation<HTTPResponse, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func cancelledByCaller() { state.withLock { $0.cancelled = true } }

    /// Accepts the head unless it announces a body over the limit.
    func receive(_ response: URLResponse) -> Bool {
        state.withLock { state in
            guard let http = response as? HTTPURLResponse else {
                state.failure = AuthError(.malformedResponse, detail: "not an HTTP response")
                return false
            }
            state.response = http
            if http.expectedContentLength > Int64(limit) {
                state.failure = Self.tooLarge(status: http.statusCode, announced: http.expectedContentLength, limit: limit)
                return false
            }
            return true
        }
    }

    /// Appends streamed bytes; `false` once the body is over the limit (the task is then cancelled).
    func receive(_ data: Data) -> Bool {
        state.withLock { state in
            guard state.failure == nil else { return false }
            guard state.body.count + data.count <= limit else {
                state.failure = Self.tooLarge(status: state.response?.statusCode, announced: nil, limit: limit)
                state.body = Data()
                return false
            }
            state.body.append(data)
            return true
        }
    }

    func complete(_ error: (any Error)?) {
        let (continuation, result) = state.withLock { state -> (UnsafeContinuation<HTTPResponse, any Error>?, Result<HTTPResponse, any Error>) in
            defer { state.continuation = nil; state.body = Data() }
            let result: Result<HTTPResponse, any Error>
            if state.cancelled {
                result = .failure(CancellationError())
            } else if let failure = state.failure {
                result = .failure(failure)
            } else if let error {
                result = .failure((error as? URLError)?.code == .cancelled ? CancellationError() : error)
            } else if let http = state.response {
                result = .success(HTTPResponse(status: http.statusCode, headers: HTTPHeaders(response: http), body: state.body))
            } else {
                result = .failure(AuthError(.malformedResponse, detail: "no HTTP response"))
            }
            return (state.continuation, result)
        }
        continuation?.resume(with: result)
    }

    private static func tooLarge(status: Int?, announced: Int64?, limit: Int) -> AuthError {
        let size = announced.map { "announced \($0) bytes" } ?? "body"
        return AuthError(.malformedResponse, status: status, detail: "response \(size) exceeds the limit of \(limit) bytes")
    }
}

/// The session's delegate: routes each task's events to its ``Exchange`` and refuses every redirect, so the 3xx
/// response reaches ``RedirectMiddleware``.
private final class TaskDelegate: NSObject, URLSessionDataDelegate, Sendable {
    private let exchanges = LockedValue<[Int: Exchange]>([:])

    func register(_ exchange: Exchange, for task: URLSessionTask) {
        exchanges.withLock { $0[task.taskIdentifier] = exchange }
    }

    private func exchange(for task: URLSessionTask) -> Exchange? {
        exchanges.withLock { $0[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession,
        dataTask: URLSessionDataTask,
        didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let accepted = exchange(for: dataTask)?.receive(response) ?? false
        completionHandler(accepted ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        if exchange(for: dataTask)?.receive(data) == false {
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let exchange = exchanges.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        exchange?.complete(error)
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
