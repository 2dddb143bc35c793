import Foundation
import ScopedAuth

/// Sends Mudstack API calls through the standard pipeline (token, 401 replay, retry, safe redirects) and turns
/// each answer into a decoded value or a typed `AuthError`.
///
/// Scopes own the headers; the requester owns everything every call shares: building the URL from validated
/// path segments, the pipeline, and the error mapping.
struct MudstackRequester: Sendable {
    let baseURL: URL
    /// `nil` when ``baseURL`` has no scheme or host: every call then fails with an invalid-request error.
    private let client: HTTPClient?

    init(
        baseURL: URL, session: TokenSession, transport: any HTTPTransport, clock: any AuthClock,
        retryPolicy: RetryPolicy
    ) {
        self.baseURL = baseURL
        client = HTTPOrigin(baseURL).map { origin in
            HTTPClient.authorized(
                transport: transport, source: session, origin: origin, clock: clock, retryPolicy: retryPolicy,
                service: MudstackClient.serviceName)
        }
    }

    /// `GET` `path` below the base URL with `headers`, decoding a 2xx body as `Value`.
    ///
    /// - Throws: `AuthError`: the status's kind for an unsuccessful answer (401 after the replay is
    ///   `AuthError.Kind.tokenRejected`), `AuthError.Kind.malformedResponse` for a body
    ///   that does not decode, `AuthError.Kind.transient` when no answer arrived.
    func get<Value: Decodable>(
        _ type: Value.Type,
        path: MudstackPath,
        headers: HTTPHeaders
    ) async throws -> Value {
        guard let client else {
            throw AuthError(
                .invalidRequest, service: MudstackClient.serviceName, detail: "the base URL has no scheme or host")
        }
        let request = HTTPRequest(method: .get, url: try path.url(below: baseURL), headers: headers)
        return try Self.decode(Value.self, from: await Self.send(request, through: client))
    }

    /// Reads an answer to an authenticated `GET`: the decoded value, or the error its status and body imply.
    static func decode<Value: Decodable>(_ type: Value.Type, from response: HTTPResponse) throws(AuthError) -> Value {
        guard response.isSuccess else { throw Self.error(for: response, tokenWasSent: true) }
        return try response.decodeJSON(Value.self, service: MudstackClient.serviceName)
    }

    /// Sends `request`, turning a failure to get any answer into a transient `AuthError`.
    static func send(_ request: HTTPRequest, through transport: any HTTPTransport) async throws -> HTTPResponse {
        do {
            return try await transport.send(request)
        } catch let error as AuthError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            // The transport's error is not carried: its description may hold a URL or a header.
            throw AuthError(
                .transient, service: MudstackClient.serviceName, detail: "no answer from Mudstack (connection failed)")
        }
    }

    /// The typed error for an unsuccessful answer, carrying the body's `message` as the service message and its
    /// `error` (such as `Forbidden`) in the detail.
    ///
    /// - Parameter tokenWasSent: Whether the request carried a token; its 401 then means the token was not
    ///   accepted even after one refresh and replay, while a 401 to the token exchange means bad credentials.
    static func error(for response: HTTPResponse, tokenWasSent: Bool) -> AuthError {
        var error = response.error(service: MudstackClient.serviceName, messageKeys: ["message", "error"])
        if tokenWasSent, response.status == 401 { error.kind = .tokenRejected }
        if let body = try? response.decodeJSON(MudstackErrorBody.self), let reason = body.error, body.message != nil {
            error.detail = "Mudstack error: \(reason.prefix(128))"
        }
        return error
    }
}

/// Mudstack's error body, `{"error": "Forbidden", "message": "..."}` (SERVICES.md section 7).
private struct MudstackErrorBody: Decodable {
    var error: String?
    var message: String?
}
