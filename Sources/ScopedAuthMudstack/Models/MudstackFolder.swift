/// A folder of a workspace, with the ids of the assets in it and its subfolders.
///
/// ```swift
/// for root in try await workspace.folderHierarchy() {
///     logger.info("\(root.name ?? root.id) \(root.children.count)")
/// }
/// ```
public struct MudstackFolder: Decodable, Sendable, Hashable {
    /// The folder's id.
    public var id: String
    /// The workspace that holds the folder.
    public var workspaceID: String?
    /// The folder's name.
    public var name: String?
    /// The enclosing folder, or `nil` for a root folder.
    public var parentID: String?
    /// Mudstack's ordering number.
    public var sequence: Int?
    /// The ids of the assets directly in this folder.
    public var assetIDs: [String]
    /// The subfolders, in order.
    public var children: [MudstackFolder]

    private enum CodingKeys: String, CodingKey {
        case id, name, sequence, children
        case workspaceID = "workspace_id"
        case parentID = "parent_id"
        case assetIDs = "asset_ids"
    }

    /// Reads a folder; missing `asset_ids` or `children` read as empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        workspaceID = try container.decodeIfPresent(String.self, forKey: .workspaceID)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        parentID = try container.decodeIfPresent(String.self, forKey: .parentID)
        sequence = try container.decodeIfPresent(Int.self, forKey: .sequence)
        assetIDs = try container.decodeIfPresent([String].self, forKey: .assetIDs) ?? []
        children = try container.decodeIfPresent([MudstackFolder].self, forKey: .children) ?? []
    }
}
