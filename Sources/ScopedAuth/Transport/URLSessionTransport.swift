import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The default ``HTTPTransport``, built on `URLSession` (FoundationNetworking on Linux).
///
/// It never follows redirects: ``RedirectMiddleware`` does, so that credentials never cross origins. It never
/// stores cookies or caches responses, because responses carry tokens.
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
        /// The largest response body accepted; larger ones fail with ``AuthError/Kind/malformedResponse``.
        public var maximumResponseSize: Int

        /// Creates a configuration.
        public init(requestTimeout: Duration = .seconds(60), maximumResponseSize: Int = 512 * 1024 * 1024) {
            self.requestTimeout = requestTimeout
            self.maximumResponseSize = maximumResponseSize
        }
    }

    private let session: URLSession
    private let configuration: Configuration

    /// Creates a transport with its own ephemeral `URLSession`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpCookieStorage = nil
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.urlCache = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.timeoutIntervalForRequest = configuration.requestTimeout.seconds
        session = URLSession(configuration: sessionConfiguration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Sends `request` and returns whatever the server answered, redirects included.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        for field in request.headers {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
        }
        let (data, response): (Data, URLResponse)
        if let body = request.body {
            (data, response) = try await session.upload(for: urlRequest, from: body)
        } else {
            (data, response) = try await session.data(for: urlRequest)
        }
        guard let http = response as? HTTPURLResponse else {
            throw AuthError(.malformedResponse, detail: "not an HTTP response")
        }
        guard data.count <= configuration.maximumResponseSize else {
            throw AuthError(.malformedResponse, status: http.statusCode,
                            detail: "response of \(data.count) bytes exceeds the limit")
        }
        return HTTPResponse(status: http.statusCode, headers: HTTPHeaders(response: http), body: data)
    }
}

/// Refuses every redirect, so the 3xx response reaches ``RedirectMiddleware``.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
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
