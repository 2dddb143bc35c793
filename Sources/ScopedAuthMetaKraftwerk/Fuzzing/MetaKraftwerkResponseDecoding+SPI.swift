public import ScopedAuth

/// The fuzzing seam of the MetaKraftwerk client: every function that turns a MetaKraftwerk answer into a value
/// or an error, callable on a bare ``HTTPResponse`` without a client, a network or a task.
///
/// Not API: it exists for the libFuzzer targets in `Fuzz/` (`@_spi(Fuzzing) import ScopedAuthMetaKraftwerk`).
/// Each case runs the exact functions the client runs on that answer, so a finding here is a finding in the client.
@_spi(Fuzzing) public enum MetaKraftwerkResponseDecoding {
    /// One kind of answer the client reads.
    public enum Answer: CaseIterable, Sendable {
        /// `POST /authentication` (strategy local): `accessToken`, or a Feathers error.
        case login
        /// `GET /api/v1/projects` (all, or by name).
        case projects
        /// `GET /api/v1/projects/{id}`.
        case project
        /// `GET /api/v1/builds?project_id=`: a Feathers 403 names the missing permission.
        case builds
        /// `GET /api/v1/builds/{id}` and `POST /api/v1/builds`.
        case build
        /// `GET /api/v1/downloads?build_id=`.
        case downloads
        /// `GET /api/v1/downloads/{id}/file`: raw bytes.
        case downloadFile
        /// `GET` and `POST /api/v1/instances`: instances with their metadata rows.
        case instances
    }

    /// Reads `response` as the client reads `answer`.
    ///
    /// - Parameters:
    ///   - answer: Which answer `response` stands for.
    ///   - response: The status, headers and body to read.
    /// - Returns: What the client would get, for the caller to inspect.
    /// - Throws: Whatever the client throws for this answer; the fuzz targets require an ``AuthError`` or a
    ///   ``ProjectPermissionError``.
    public static func decode(_ answer: Answer, _ response: HTTPResponse) throws -> any Sendable {
        switch answer {
        case .login:
            return try LocalStrategyLogin.issuedToken(from: response)
        case .projects:
            return try API.decode([ProjectSummary].self, from: response, permission: nil, projectID: nil)
        case .project:
            return try API.decode(ProjectSummary.self, from: response, permission: nil, projectID: nil)
        case .builds:
            return try API.decode([ProjectBuild].self, from: response, permission: .readBuilds, projectID: 1)
        case .build:
            return try API.decode(ProjectBuild.self, from: response, permission: .writeBuilds, projectID: 1)
        case .downloads:
            return try API.decode([BuildDownload].self, from: response, permission: .readDeliveries, projectID: 1)
        case .downloadFile:
            return try API.successful(response, permission: .readDeliveries, projectID: 1).body.count
        case .instances:
            return try API.decode([ProjectInstance].self, from: response, permission: .readInstances, projectID: 1)
        }
    }

    private typealias API = MetaKraftwerkAPI
}
