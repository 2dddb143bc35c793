/// A project as the `projects` list and `createProject` answer it.
public struct MassdriverProjectSummary: Sendable, Hashable, Decodable {
    /// The project's identifier (its slug).
    public var id: String
    /// The display name.
    public var name: String
    /// The description, if any.
    public var description: String?

    /// Creates a project summary.
    ///
    /// - Parameters:
    ///   - id: The identifier.
    ///   - name: The name.
    ///   - description: The description.
    public init(id: String, name: String, description: String?) {
        self.id = id
        self.name = name
        self.description = description
    }
}
