public import Foundation
public import HTTPTypes
public import OpenAPIRuntime
public import ScopedAuth
import ScopedAuthHTTPTypes

/// A swift-openapi-runtime `ClientTransport` over any ScopedAuth ``ScopedAuth/HTTPTransport``
/// (`URLSessionTransport`, `AsyncHTTPClientTransport`), so that a generated client keeps the SDK's rules:
/// redirects are followed by `RedirectMiddleware` (credentials never cross origins), credentials go only over HTTPS
/// (`TransportSecurityMiddleware`), and the transport's size limit and cancellation behaviour apply.
///
/// Request bodies are collected into memory first (up to ``maximumRequestBodySize``), because ScopedAuth requests
/// hold their bodies as `Data`.
///
/// ```swift
/// let api = Client(serverURL: url, transport: ScopedAuthOpenAPITransport(transport: AsyncHTTPClientTransport()))
/// ```
public struct ScopedAuthOpenAPITransport: ClientTransport {
    /// The pipeline requests go through: redirects and transport security, then the transport.
    public let pipeline: ScopedAuth.HTTPClient
    /// The largest request body sent.
    public let maximumRequestBodySize: Int

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - transport: The network.
    ///   - maximumRequestBodySize: The largest request body sent.
    ///   - maximumRedirects: The most redirects followed for one request.
    public init(transport: any HTTPTransport, maximumRequestBodySize: Int = 64 * 1024 * 1024, maximumRedirects: Int = 5) {
        pipeline = ScopedAuth.HTTPClient(
            transport: transport,
            middlewares: [RedirectMiddleware(maximumRedirects: maximumRedirects), TransportSecurityMiddleware()])
        self.maximumRequestBodySize = maximumRequestBodySize
    }

    /// Sends the request through the pipeline.
    public func send(
        _ request: HTTPTypes.HTTPRequest,
        body: HTTPBody?,
        baseURL: URL,
        operationID: String
    ) async throws -> (HTTPTypes.HTTPResponse, HTTPBody?) {
        guard let url = OpenAPIRequestURL.url(of: request, baseURL: baseURL) else {
            throw AuthError(.invalidRequest, detail: "operation \(operationID) has no valid URL")
        }
        let data: Data? = if let body { try await Data(collecting: body, upTo: maximumRequestBodySize) } else { nil }
        let outgoing = ScopedAuth.HTTPRequest(
            method: ScopedAuth.HTTPMethod(rawValue: request.method.rawValue), url: url,
            headers: ScopedAuth.HTTPHeaders(request.headerFields), body: data,
            isReplayable: body.map { $0.iterationBehavior == .multiple } ?? true)
        let response = try await pipeline.send(outgoing)
        guard let head = HTTPTypes.HTTPResponse(response) else {
            throw AuthError(.malformedResponse, status: response.status, detail: "response head not representable")
        }
        return (head, response.body.isEmpty ? nil : HTTPBody(response.body))
    }
}
