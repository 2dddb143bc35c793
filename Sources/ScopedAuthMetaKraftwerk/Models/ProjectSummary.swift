/// A project as `GET /api/v1/projects` lists it.
///
/// ```swift
/// for project in try await client.projects() where !project.isDisabled { _ = project.name }
/// ```
public struct ProjectSummary: Sendable, Hashable, Decodable {
    /// The project's id.
    public var id: Int
    /// The project's name, such as `DEMO_PROJECT`.
    public var name: String
    /// Whether the project is deleted.
    public var isDeleted: Bool
    /// Whether the project is disabled.
    public var isDisabled: Bool
    /// The permissions the signed-in user holds in the project, as the server reports them in `permissions`;
    /// `nil` when the server does not report them (then no role can be checked against them).
    public var permissions: Set<ProjectPermission>?

    private enum CodingKeys: String, CodingKey {
        case id, name, deleted, disabled, permissions
    }

    /// Decodes a project; `deleted` and `disabled` default to `false` when absent, `permissions` to `nil`.
    ///
    /// - Throws: `DecodingError` when `id` or `name` is missing, or `permissions` is not a list of names.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        isDeleted = (try? container.decodeIfPresent(Bool.self, forKey: .deleted)) ?? false
        isDisabled = (try? container.decodeIfPresent(Bool.self, forKey: .disabled)) ?? false
        permissions = try container.decodeIfPresent([String].self, forKey: .permissions)
            .map { Set($0.map(ProjectPermission.init(name:))) }
    }
}
