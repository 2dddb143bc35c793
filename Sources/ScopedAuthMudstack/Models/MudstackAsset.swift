/// An asset of a workspace with its current version, as Mudstack's asset endpoints return it.
///
/// ```swift
/// let asset = try await mudstack.account.workspace(workspaceID).asset(assetID)
/// logger.info("\(asset.name) \(asset.currentVersion?.size ?? 0)")
/// ```
public struct MudstackAsset: Decodable, Sendable, Hashable {
    /// The asset's id.
    public var id: String
    /// The workspace that holds the asset.
    public var workspaceID: String
    /// The asset's name.
    public var name: String
    /// The folder the asset sits in, if any.
    public var folderID: String?
    /// Mudstack's asset type identifier.
    public var assetTypeID: Int?
    /// Mudstack's status identifier.
    public var statusID: Int?
    /// Whether the asset is active (not archived).
    public var isActive: Bool?
    /// The id of the user who created the asset.
    public var createdByUserID: String?
    /// The id of the user who holds the asset's lock, if it is locked.
    public var lockedByUserID: String?
    /// The file name of the current version.
    public var fileName: String?
    /// Where the file sits in the workspace.
    public var fileLocation: String?
    /// The id of the current version.
    public var currentVersionID: String?
    /// Mudstack's ordering number.
    public var sequence: Int?
    /// The current version.
    public var currentVersion: MudstackAssetVersion?

    private enum CodingKeys: String, CodingKey {
        case id, name, isActive, sequence, currentVersion
        case workspaceID = "workspace_id"
        case folderID = "folder_id"
        case assetTypeID = "asset_type_id"
        case statusID = "status_id"
        case createdByUserID = "created_by_user_id"
        case lockedByUserID = "locked_by_user_id"
        case fileName = "file_name"
        case fileLocation = "file_location"
        case currentVersionID = "current_version_id"
    }
}
