/// An environment as the `environments` list answers it.
public struct MassdriverEnvironmentSummary: Sendable, Hashable, Decodable {
    /// The environment's identifier, such as `api-prod`.
    public var id: String
    /// The display name, such as `prod`.
    public var name: String
    /// The identifier of the project it belongs to.
    public var projectID: String

    private enum CodingKeys: String, CodingKey {
        case id, name, project
    }

    private struct ProjectReference: Decodable {
        var id: String
    }

    /// Creates an environment summary.
    ///
    /// - Parameters:
    ///   - id: The identifier.
    ///   - name: The name.
    ///   - projectID: The project's identifier.
    public init(id: String, name: String, projectID: String) {
        self.id = id
        self.name = name
        self.projectID = projectID
    }

    /// Decodes `{id, name, project {id}}`.
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when a field is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        projectID = try container.decode(ProjectReference.self, forKey: .project).id
    }
}
