public import Foundation

/// The fields of a Spacelift stack that ``SpaceliftClient/stacks()`` and ``SpaceliftClient/stack(id:)`` select.
///
/// For other fields, run your own query with ``SpaceliftClient/execute(_:variables:operationName:as:)``.
public struct SpaceliftStackSummary: Sendable, Hashable, Decodable {
    /// The stack's id (its slug), such as `my-stack-1`.
    public var id: String
    /// The display name.
    public var name: String
    /// When the stack was created (Spacelift sends Unix seconds).
    public var createdAt: Date
    /// The description, if any.
    public var description: String?
    /// The state, such as `FINISHED`, `FAILED`, `APPLYING`, `UNCONFIRMED` or `NONE`.
    public var state: String
    /// The tracked branch.
    public var branch: String

    /// The selection this type decodes, for use in queries.
    static let selection = "id name createdAt description state branch"

    /// Creates a stack summary.
    ///
    /// - Parameters:
    ///   - id: The stack's id.
    ///   - name: The display name.
    ///   - createdAt: When the stack was created.
    ///   - description: The description, if any.
    ///   - state: The state.
    ///   - branch: The tracked branch.
    public init(id: String, name: String, createdAt: Date, description: String?, state: String, branch: String) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.description = description
        self.state = state
        self.branch = branch
    }

    private enum CodingKeys: String, CodingKey { case id, name, createdAt, description, state, branch }

    /// Decodes a stack; `createdAt` is Unix seconds.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        createdAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .createdAt))
        description = try container.decodeIfPresent(String.self, forKey: .description)
        state = try container.decode(String.self, forKey: .state)
        branch = try container.decode(String.self, forKey: .branch)
    }
}
