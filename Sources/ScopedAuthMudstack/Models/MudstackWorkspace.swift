/// A workspace of an account, as `GET /accounts/workspaces` lists it and `GET /workspaces` describes it.
///
/// ```swift
/// for workspace in try await mudstack.account.workspaces() {
///     let scope = mudstack.account.workspace(workspace.id)
/// }
/// ```
public struct MudstackWorkspace: Decodable, Sendable, Hashable {
    /// The workspace's id, sent as `x-workspace-id` by ``MudstackWorkspaceScope``.
    public var id: String
    /// The account that owns the workspace.
    public var accountID: String?
    /// The workspace's name.
    public var name: String?
    /// The file id of the workspace's thumbnail, if it has one.
    public var thumbnailFileID: String?
    /// Which of Mudstack's default avatars (1 to 10) the workspace shows without a thumbnail.
    public var defaultAvatar: Int?
    /// The id of the user who created the workspace.
    public var createdByUserID: String?
    /// Mudstack's ordering number.
    public var sequence: Int?
    /// The calling user's roles in the workspace.
    public var roles: MudstackMember?

    private enum CodingKeys: String, CodingKey {
        case id, name, defaultAvatar, sequence, roles
        case accountID = "account_id"
        case thumbnailFileID = "thumbnail_file_id"
        case createdByUserID = "created_by_user_id"
    }
}
