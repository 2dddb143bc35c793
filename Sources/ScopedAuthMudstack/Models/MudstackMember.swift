/// A member of an account or a workspace, with their roles.
///
/// Account members carry ``accountID``, workspace members ``workspaceID``.
public struct MudstackMember: Decodable, Sendable, Hashable {
    /// The member's user id.
    public var userID: String
    /// The account the membership is in, for account members.
    public var accountID: String?
    /// The workspace the membership is in, for workspace members.
    public var workspaceID: String?
    /// The member's roles, such as `owner`.
    public var roles: [String]
    /// The member's user record.
    public var user: MudstackUser?

    private enum CodingKeys: String, CodingKey {
        case roles, user
        case userID = "user_id"
        case accountID = "account_id"
        case workspaceID = "workspace_id"
    }

    /// Reads a member; a missing `roles` list reads as no roles.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        userID = try container.decode(String.self, forKey: .userID)
        accountID = try container.decodeIfPresent(String.self, forKey: .accountID)
        workspaceID = try container.decodeIfPresent(String.self, forKey: .workspaceID)
        roles = try container.decodeIfPresent([String].self, forKey: .roles) ?? []
        user = try container.decodeIfPresent(MudstackUser.self, forKey: .user)
    }
}
