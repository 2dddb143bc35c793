/// A task attached to an asset, such as a review.
public struct MudstackAssetTask: Decodable, Sendable, Hashable {
    /// The task's id.
    public var id: String
    /// The asset the task is about.
    public var assetID: String?
    /// The task's title.
    public var title: String?
    /// The task's status, such as `open`.
    public var status: String?
    /// The id of the user the task is assigned to.
    public var assignedToUserID: String?
    /// The id of the user who created the task.
    public var createdByUserID: String?

    private enum CodingKeys: String, CodingKey {
        case id, title, status
        case assetID = "asset_id"
        case assignedToUserID = "assigned_to_user_id"
        case createdByUserID = "created_by_user_id"
    }
}
