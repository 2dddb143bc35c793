/// The user or API key that a Spacelift token belongs to, as `viewer { id name }` answers.
public struct SpaceliftViewer: Sendable, Hashable, Decodable {
    /// The viewer's id (for an API key, the key's id).
    public var id: String
    /// The viewer's name.
    public var name: String

    /// Creates a viewer.
    ///
    /// - Parameters:
    ///   - id: The viewer's id.
    ///   - name: The viewer's name.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
