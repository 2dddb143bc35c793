import Foundation

/// A person, as Mudstack embeds users in members, roles and versions.
struct MudstackUser {
    var id: String
    var email: String
    var firstName: String
    var lastName: String

    var json: [String: Any] {
        ["id": id, "email": email, "first_name": firstName, "last_name": lastName, "auth0UserID": "auth0|\(id)"]
    }
}

/// An account (a Mudstack customer) and its owner, who is its only member.
struct MudstackAccount {
    var id: String
    var name: String
    var owner: MudstackUser
    var sequence: Int

    var json: [String: Any] {
        ["id": id, "name": name, "owner_user_id": owner.id, "plan": "enterprise", "sequence": sequence]
    }

    var memberJSON: [String: Any] {
        ["account_id": id, "user_id": owner.id, "roles": ["owner"], "user": owner.json]
    }

    var settingsJSON: [[String: Any]] {
        [
            ["id": "\(id)-api-access", "account_id": id, "key": "api_access", "value": true],
            ["id": "\(id)-default-role", "account_id": id, "key": "default_workspace_role", "value": "viewer"],
        ]
    }
}

/// An API key: the credential exchanged at `POST /auth/token` for one account.
struct MudstackAPIKey {
    var id: String
    var secret: String
    var accountID: String
    var isRevoked = false
}

/// A token minted by `POST /auth/token`.
struct MudstackIssuedToken {
    var accountID: String
    var keyID: String
    var expiresAt: Date
}

/// A workspace inside an account; its owner is the account's owner.
struct MudstackWorkspace {
    var id: String
    var accountID: String
    var name: String
    var defaultAvatar: Int
    var sequence: Int

    func json(owner: MudstackUser) -> [String: Any] {
        [
            "id": id, "account_id": accountID, "name": name, "thumbnail_file_id": NSNull(),
            "defaultAvatar": defaultAvatar, "created_by_user_id": owner.id, "sequence": sequence,
            "roles": memberJSON(owner: owner), "usage": [String: Any](),
        ]
    }

    func memberJSON(owner: MudstackUser) -> [String: Any] {
        ["workspace_id": id, "user_id": owner.id, "roles": ["owner"], "user": owner.json]
    }
}

/// A folder of a workspace; folders without a parent are the hierarchy's roots.
struct MudstackFolder {
    var id: String
    var workspaceID: String
    var name: String
    var parentID: String?
    var sequence: Int
}

/// An asset with its current version, tasks and history.
struct MudstackAsset {
    var id: String
    var workspaceID: String
    var folderID: String?
    var name: String
    var versionID: String
    var size: Int
    var sequence: Int

    var fileName: String { name.replacingOccurrences(of: " ", with: "_").lowercased() + ".fbx" }

    func json(owner: MudstackUser) -> [String: Any] {
        let version: [String: Any] = [
            "id": versionID, "asset_id": id, "commit_parent_id": NSNull(), "created_by_user_id": owner.id,
            "thumbnail_file_id": NSNull(), "name": name, "description": "Initial version",
            "key": "\(workspaceID)/\(id)/\(versionID)/\(fileName)", "size": size, "version_number": 1,
            "sequence": sequence, "checksum": "sha256:\(versionID.replacingOccurrences(of: "-", with: ""))",
            "user": owner.json,
        ]
        return [
            "id": id, "workspace_id": workspaceID, "folder_id": folderID ?? NSNull(), "name": name,
            "asset_type_id": 1, "status_id": 1, "isActive": true, "created_by_user_id": owner.id,
            "locked_by_user_id": NSNull(), "file_name": fileName, "file_location": "/\(fileName)",
            "current_version_id": versionID, "sequence": sequence, "currentVersion": version,
        ]
    }

    func tasksJSON(owner: MudstackUser) -> [[String: Any]] {
        [
            [
                "id": "\(id)-task-1", "asset_id": id, "title": "Review \(name)", "status": "open",
                "assigned_to_user_id": owner.id, "created_by_user_id": owner.id,
            ]
        ]
    }

    func historyJSON(owner: MudstackUser) -> [[String: Any]] {
        [
            [
                "id": "\(id)-history-1", "asset_id": id, "action": "created", "version_id": versionID,
                "version_number": 1, "user_id": owner.id, "user": owner.json,
            ]
        ]
    }
}
