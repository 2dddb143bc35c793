import Foundation
import ScopedAuth

/// Where the MASV API lives and how requests reach it: the shared plumbing of the client and every handle.
///
/// Each token kind gets its own pipeline from ``client(source:)``, whose `AuthMiddleware` stamps the token only
/// on requests to the API's origin; presigned storage URLs go through ``storage``, which carries no credential.
struct MASVConnection: Sendable {
    static let service = "MASV"
    static let storageService = "MASV storage"

    let baseURL: URL
    /// The API's origin, the only one that receives credentials; `nil` for a base URL without a host, which
    /// then never receives one.
    let origin: HTTPOrigin?
    let transport: any HTTPTransport
    let clock: any AuthClock
    let retryPolicy: RetryPolicy

    /// The pipeline that stamps `source`'s token on API requests (none when `nil`).
    func client(source: (any TokenSource)?) -> HTTPClient {
        guard let origin else {
            return HTTPClient(transport: transport, middlewares: [TransportSecurityMiddleware()], service: Self.service)
        }
        return .authorized(transport: transport, source: source, origin: origin, clock: clock, retryPolicy: retryPolicy,
                           service: Self.service)
    }

    /// The pipeline for presigned storage URLs: no credential, no automatic retry (chunks retry themselves).
    var storage: HTTPClient {
        HTTPClient(transport: transport, middlewares: [RedirectMiddleware(), TransportSecurityMiddleware()],
                   service: Self.storageService)
    }

    /// The pipeline for requests that carry a credential of their own (a sign-in body, link credentials): every
    /// request is bound to the API's origin, so it is refused over plain HTTP to a non-loopback host and a redirect
    /// to any other origin is refused with `credentialRedirect`.
    var exchange: HTTPClient {
        guard let origin else { return client(source: nil) }
        return .exchange(transport: transport, origin: origin, clock: clock, retryPolicy: retryPolicy, service: Self.service)
    }

    /// A pipeline that sends `token` in `header` to the API.
    func client(token: Secret, header: String) -> HTTPClient {
        client(source: StaticToken(token, clock: clock, authorize: { request, token in
            request.headers[header] = token.value.revealed
        }))
    }

    /// The API URL for `path` (such as `RequestPath("v1", "packages", id)`) with `query`; every segment is
    /// percent-encoded on its own.
    func url(_ path: RequestPath, query: [URLQueryItem] = []) throws(AuthError) -> URL {
        try path.url(below: baseURL, query: query, service: Self.service)
    }

    /// Sends a request to the API through `client` and returns the successful response.
    ///
    /// - Throws: `AuthError` with the kind the status implies; transport failures become `transient`.
    func send(
        _ client: HTTPClient,
        _ method: HTTPMethod,
        _ path: RequestPath,
        query: [URLQueryItem] = [],
        json: (any Encodable & Sendable)? = nil,
        headers: HTTPHeaders = [:],
        isReplayable: Bool = true,
        bindsCredential: Bool = false
    ) async throws -> HTTPResponse {
        var headers = headers
        var body: Data?
        if let json {
            headers["Content-Type"] = "application/json"
            body = try Self.encode(json)
        } else if method == .post || method == .put {
            // MASV asks for a JSON content type on every POST and PUT, with or without a body.
            headers["Content-Type"] = "application/json"
        }
        var request = HTTPRequest(
            method: method, url: try url(path, query: query), headers: headers, body: body, isReplayable: isReplayable
        )
        if bindsCredential {
            // The body carries a credential of its own (single-use storage credentials): bound to the API's
            // origin, it never follows a redirect elsewhere, even once the token header is stripped.
            guard let origin else {
                throw AuthError(.invalidRequest, service: Self.service, detail: "the base URL has no scheme or host")
            }
            request.credentialOrigin = origin
        }
        return try Self.successful(
            await Self.perform(request, through: client, service: Self.service),
            carriesSessionToken: Self.carriesSessionToken(client))
    }

    /// `response` when its status is 2xx, otherwise the ``AuthError`` its status and body imply.
    ///
    /// - Parameter carriesSessionToken: Whether the request carried a session's token, asked only for a 401. A 401
    ///   to such a request comes after one re-sign-in and replay: the token was refused, the password was fine, so
    ///   the error is `tokenRejected` and the app must not ask the user for the password again.
    static func successful(
        _ response: HTTPResponse, carriesSessionToken: @autoclosure () -> Bool = false
    ) throws(AuthError) -> HTTPResponse {
        guard response.isSuccess else {
            var error = response.error(service: service)
            if response.status == 401, carriesSessionToken() { error.kind = .tokenRejected }
            throw error
        }
        return response
    }

    /// Whether `client` stamps the token of a refreshing ``TokenSession`` (the user session).
    private static func carriesSessionToken(_ client: HTTPClient) -> Bool {
        client.middlewares.contains { ($0 as? AuthMiddleware)?.source is TokenSession }
    }

    /// Sends `request`, turning a transport failure into a transient `AuthError` (cancellation stays).
    static func perform(_ request: HTTPRequest, through client: HTTPClient, service: String) async throws -> HTTPResponse {
        do {
            return try await client.send(request)
        } catch let error as AuthError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try Task.checkCancellation()
            throw AuthError(.transient, service: service, detail: "no response: \(type(of: error))")
        }
    }

    static func encode(_ body: any Encodable & Sendable) throws(AuthError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try encoder.encode(body)
        } catch {
            throw AuthError(.invalidRequest, service: service, detail: "the request body is not valid JSON")
        }
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

extension HTTPResponse {
    /// Decodes a MASV JSON body (snake_case keys).
    func decodeMASV<T: Decodable>(_ type: T.Type) throws(AuthError) -> T {
        try decodeJSON(type, service: MASVConnection.service, decoder: MASVConnection.decoder)
    }
}
