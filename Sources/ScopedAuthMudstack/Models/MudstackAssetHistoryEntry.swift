/// One entry of an asset's history: what happened, to which version, and who did it.
public struct MudstackAssetHistoryEntry: Decodable, Sendable, Hashable {
    /// The entry's id.
    public var id: String
    /// The asset the entry is about.
    public var assetID: String?
    /// What happened, such as `created`.
    public var action: String?
    /// The version the entry concerns.
    public var versionID: String?
    /// That version's number.
    public var versionNumber: Int?
    /// The id of the user who acted.
    public var userID: String?
    /// The user who acted.
    public var user: MudstackUser?

    private enum CodingKeys: String, CodingKey {
        case id, action, user
        case assetID = "asset_id"
        case versionID = "version_id"
        case versionNumber = "version_number"
        case userID = "user_id"
    }
}
