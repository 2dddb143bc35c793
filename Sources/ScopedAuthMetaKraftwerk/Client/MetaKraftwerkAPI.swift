import Foundation
import ScopedAuth

/// The plumbing every MetaKraftwerk call shares: URLs under `/api/v1`, JSON in and out, and turning a failed
/// response into a typed error.
struct MetaKraftwerkAPI: Sendable {
    let baseURL: URL
    /// The pipeline that stamps the bearer token and re-logs in once on a 401.
    let http: HTTPClient
    let clock: any AuthClock
    /// `nil` when ``baseURL`` has no scheme or host; every call then fails with `invalidRequest`.
    let origin: HTTPOrigin?

    /// The URL of `baseURL/<path>?<query>`.
    func url(_ path: [String], query: [(String, String)] = []) throws(AuthError) -> URL {
        guard origin != nil else {
            throw AuthError(
                .invalidRequest, service: MetaKraftwerkClient.serviceName,
                detail: "base URL \(baseURL.redactedForDisplay) has no scheme or host")
        }
        return try RequestPath(segments: path).url(
            below: baseURL, query: query.map { URLQueryItem(name: $0.0, value: $0.1) },
            service: MetaKraftwerkClient.serviceName)
    }

    /// `GET /api/v1/<path>` decoded as `T`.
    func get<T: Decodable>(
        _ type: T.Type, _ path: [String], query: [(String, String)] = [], permission: ProjectPermission? = nil,
        projectID: Int? = nil
    ) async throws -> T {
        let request = HTTPRequest(
            method: .get, url: try url(["api", "v1"] + path, query: query), headers: ["Accept": "application/json"])
        return try Self.decode(T.self, from: await http.send(request), permission: permission, projectID: projectID)
    }

    /// `POST /api/v1/<path>` with a JSON body, decoded as `T`.
    func post<T: Decodable>(
        _ type: T.Type, _ path: [String], json body: some Encodable, permission: ProjectPermission,
        projectID: Int
    ) async throws -> T {
        let data: Data
        do {
            data = try JSONEncoder().encode(body)
        } catch {
            throw AuthError(.invalidRequest, service: MetaKraftwerkClient.serviceName, detail: "body is not JSON")
        }
        let request = HTTPRequest(
            method: .post, url: try url(["api", "v1"] + path),
            headers: ["Content-Type": "application/json", "Accept": "application/json"], body: data)
        return try Self.decode(T.self, from: await http.send(request), permission: permission, projectID: projectID)
    }

    /// `GET /api/v1/<path>` answering raw bytes.
    func bytes(_ path: [String], permission: ProjectPermission, projectID: Int) async throws -> Data {
        let request = HTTPRequest(method: .get, url: try url(["api", "v1"] + path))
        return try await send(request, permission: permission, projectID: projectID).body
    }

    /// Sends `request` and returns a 2xx response; a 403 in a project becomes a ``ProjectPermissionError``
    /// naming the missing permission, any other failure an `AuthError`.
    func send(_ request: HTTPRequest, permission: ProjectPermission?, projectID: Int?) async throws -> HTTPResponse {
        try Self.successful(await http.send(request), permission: permission, projectID: projectID)
    }

    /// Reads a JSON answer: the decoded value, or the error ``successful(_:permission:projectID:)`` throws.
    static func decode<T: Decodable>(
        _ type: T.Type, from response: HTTPResponse, permission: ProjectPermission?, projectID: Int?
    ) throws -> T {
        try successful(response, permission: permission, projectID: projectID)
            .decodeJSON(T.self, service: MetaKraftwerkClient.serviceName)
    }

    /// `response` when its status is 2xx; otherwise ``ProjectPermissionError`` for a 403 on a project (naming
    /// the permission the body names, or `permission`), or the ``AuthError`` the status and body imply.
    static func successful(_ response: HTTPResponse, permission: ProjectPermission?, projectID: Int?) throws
        -> HTTPResponse
    {
        guard !response.isSuccess else { return response }
        if response.status == 403, let projectID {
            let body = FeathersErrorBody(response)
            let named = body?.data["permission"].map(ProjectPermission.init(name:))
            if let missing = named ?? permission {
                throw ProjectPermissionError(
                    permission: missing, projectID: projectID, serviceMessage: body?.message, status: 403)
            }
        }
        throw response.metaKraftwerkError(.api)
    }
}
