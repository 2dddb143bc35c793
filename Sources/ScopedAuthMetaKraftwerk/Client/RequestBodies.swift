/// The JSON bodies of the two writing calls, as SERVICES.md section 7 fixes them.

/// `POST /api/v1/instances`: `{project_id, pattern_id, instances:[{name, rows}]}`.
struct InstanceUploadBody: Encodable {
    var projectID: Int
    var patternID: Int
    var instances: [InstanceUpload]

    private enum CodingKeys: String, CodingKey {
        case instances
        case projectID = "project_id"
        case patternID = "pattern_id"
    }
}

/// `POST /api/v1/builds`: `{project_id, patterns, releases, description?}`.
struct StartBuildBody: Encodable {
    var projectID: Int
    var patterns: [Int]
    var releases: [Int]
    var description: String?

    private enum CodingKeys: String, CodingKey {
        case patterns, releases, description
        case projectID = "project_id"
    }
}
