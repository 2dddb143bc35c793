/// A result file of a finished build, as `GET /api/v1/downloads?build_id=` lists it.
///
/// ```swift
/// for file in try await project.downloads(ofBuild: build.id) {
///     try await project.download(file, to: folder.appending(path: file.name))
/// }
/// ```
public struct BuildDownload: Sendable, Hashable, Decodable {
    /// The download's id.
    public var id: Int
    /// The file's display name, such as `CORE_DV_HLS_2026-4-2_10_14.zip`.
    public var name: String
    /// The file's path on the server.
    public var fileName: String?
    /// The kind of delivery, such as `IICS`.
    public var type: String?
    /// The build that produced it.
    public var buildID: Int
    /// The project it belongs to.
    public var projectID: Int
    /// The pattern it was generated from.
    public var patternID: Int?

    private enum CodingKeys: String, CodingKey {
        case id, name, type
        case fileName = "file_name"
        case buildID = "build_id"
        case projectID = "project_id"
        case patternID = "pattern_id"
    }

    /// Decodes a download.
    ///
    /// - Throws: `DecodingError` when `id`, `name`, `build_id` or `project_id` is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        fileName = try? container.decodeIfPresent(String.self, forKey: .fileName)
        type = try? container.decodeIfPresent(String.self, forKey: .type)
        buildID = try container.decode(Int.self, forKey: .buildID)
        projectID = try container.decode(Int.self, forKey: .projectID)
        patternID = try? container.decodeIfPresent(Int.self, forKey: .patternID)
    }
}
