/// An instance of a pattern: named metadata that builds turn into deliveries.
///
/// ```swift
/// let customers = try await project.instances(named: "CUSTOMER")
/// let version = customers.first?.version
/// ```
public struct ProjectInstance: Sendable, Hashable, Decodable {
    /// The instance's id.
    public var id: Int
    /// The instance's name, unique within its pattern.
    public var name: String
    /// The project it belongs to.
    public var projectID: Int
    /// The pattern it instantiates.
    public var patternID: Int
    /// Its version, raised by every upload.
    public var version: Int
    /// Its description (the server's `description` field), if any.
    public var descriptionText: String?
    /// Its metadata rows, when the server includes them.
    public var rows: [[String: MetadataValue]]

    private enum CodingKeys: String, CodingKey {
        case id, name, version, rows
        case descriptionText = "description"
        case projectID = "project_id"
        case patternID = "pattern_id"
    }

    /// Decodes an instance; `version` defaults to 1 and `rows` to none when absent.
    ///
    /// - Throws: `DecodingError` when `id`, `name`, `project_id` or `pattern_id` is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        projectID = try container.decode(Int.self, forKey: .projectID)
        patternID = try container.decode(Int.self, forKey: .patternID)
        version = (try? container.decodeIfPresent(Int.self, forKey: .version)) ?? 1
        descriptionText = try? container.decodeIfPresent(String.self, forKey: .descriptionText)
        rows = (try? container.decodeIfPresent([[String: MetadataValue]].self, forKey: .rows)) ?? []
    }
}
