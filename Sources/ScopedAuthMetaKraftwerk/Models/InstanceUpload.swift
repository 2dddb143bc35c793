/// One instance to create, or to update when an instance of that name exists in the pattern.
///
/// ```swift
/// let upload = InstanceUpload(name: "CUSTOMER", rows: [["column": "ID", "type": "NUMBER"]])
/// try await project.uploadInstances([upload], patternID: 808)
/// ```
public struct InstanceUpload: Sendable, Hashable, Encodable {
    /// The instance's name.
    public var name: String
    /// Its metadata rows, one object per row.
    public var rows: [[String: MetadataValue]]

    /// Creates an upload.
    ///
    /// - Parameters:
    ///   - name: The instance's name.
    ///   - rows: Its metadata rows.
    public init(name: String, rows: [[String: MetadataValue]]) {
        self.name = name
        self.rows = rows
    }
}
