import ScopedAuth

/// The workspace level of the Mudstack API: every call sends `x-account-id` and `x-workspace-id`.
///
/// Get it from ``MudstackAccountScope/workspace(_:)``; it cannot be made any other way, so a workspace call
/// always names its account and workspace. It reaches the workspace's details, members, folders and assets
/// (one, several by id, and an asset's tasks and history).
///
/// ```swift
/// let workspace = mudstack.account.workspace(workspaceID)
/// let asset = try await workspace.asset(assetID)
/// let history = try await workspace.history(ofAsset: asset.id)
/// ```
public struct MudstackWorkspaceScope: Sendable, CustomStringConvertible {
    private let account: MudstackAccountScope
    /// The workspace every call is made in, sent as `x-workspace-id`.
    public let workspaceID: String

    init(account: MudstackAccountScope, workspaceID: String) {
        self.account = account
        self.workspaceID = workspaceID
    }

    /// The account that owns the workspace, sent as `x-account-id`.
    public var accountID: String { account.accountID }

    /// The workspace's details (`GET /workspaces`, the workspace chosen by the header).
    ///
    /// - Returns: The workspace.
    /// - Throws: `AuthError`: `AuthError.Kind.forbidden` when the workspace is not in
    ///   the account.
    public func details() async throws -> MudstackWorkspace {
        try await get(MudstackWorkspace.self, MudstackPath("workspaces"))
    }

    /// The members of the workspace with their roles (`GET /workspaces/members`).
    ///
    /// - Returns: The members.
    /// - Throws: `AuthError`.
    public func members() async throws -> [MudstackMember] {
        try await get([MudstackMember].self, MudstackPath("workspaces", "members"))
    }

    /// The workspace's folder tree (`GET /workspaces/folders/hierarchy`).
    ///
    /// - Returns: The root folders, each with its ``MudstackFolder/children``.
    /// - Throws: `AuthError`.
    public func folderHierarchy() async throws -> [MudstackFolder] {
        try await get([MudstackFolder].self, MudstackPath("workspaces", "folders", "hierarchy"))
    }

    /// One folder with its subfolders (`GET /workspaces/folders/{folder_id}`).
    ///
    /// - Parameter folderID: The folder's id.
    /// - Returns: The folder.
    /// - Throws: `AuthError`: `AuthError.Kind.notFound` for a folder not in the
    ///   workspace, `AuthError.Kind.invalidRequest` for an id that is empty, `.`, `..` or has control
    ///   characters (nothing is sent).
    public func folder(_ folderID: String) async throws -> MudstackFolder {
        let path = try MudstackPath("workspaces", "folders").appending(id: folderID, named: "folder id")
        return try await get(MudstackFolder.self, path)
    }

    /// One asset with its current version (`GET /workspaces/assets/{asset_id}`).
    ///
    /// ```swift
    /// let asset = try await mudstack.account.workspace(workspaceID).asset(assetID)
    /// logger.info("\(asset.name) \(asset.currentVersion?.versionNumber ?? 0)")
    /// ```
    ///
    /// - Parameter assetID: The asset's id.
    /// - Returns: The asset.
    /// - Throws: `AuthError`: `AuthError.Kind.notFound` for an asset not in the
    ///   workspace, `AuthError.Kind.invalidRequest` for an invalid id (nothing is sent).
    public func asset(_ assetID: String) async throws -> MudstackAsset {
        let path = try MudstackPath("workspaces", "assets").appending(id: assetID, named: "asset id")
        return try await get(MudstackAsset.self, path)
    }

    /// The assets with the given ids (`GET /workspaces/assets/getByIds?ids=a,b`).
    ///
    /// Ids that are not in the workspace are left out of the answer. An empty list answers an empty array
    /// without a request.
    ///
    /// - Parameter assetIDs: The assets' ids.
    /// - Returns: The assets found, in Mudstack's order.
    /// - Throws: `AuthError`: `AuthError.Kind.invalidRequest` for an id that is empty,
    ///   has control characters or a comma (which separates the ids), before anything is sent.
    public func assets(ids assetIDs: [String]) async throws -> [MudstackAsset] {
        guard !assetIDs.isEmpty else { return [] }
        for id in assetIDs {
            try MudstackPath.validate(id, named: "asset id")
            guard !id.contains(",") else {
                throw AuthError(
                    .invalidRequest, service: MudstackClient.serviceName,
                    detail: "an asset id in a getByIds list cannot contain a comma")
            }
        }
        let path = MudstackPath("workspaces", "assets", "getByIds")
            .adding(query: "ids", value: assetIDs.joined(separator: ","))
        return try await get([MudstackAsset].self, path)
    }

    /// An asset's tasks (`GET /workspaces/assets/{asset_id}/tasks`).
    ///
    /// - Parameter assetID: The asset's id.
    /// - Returns: The tasks.
    /// - Throws: `AuthError`: `AuthError.Kind.notFound` for an asset not in the
    ///   workspace.
    public func tasks(ofAsset assetID: String) async throws -> [MudstackAssetTask] {
        let path = try MudstackPath("workspaces", "assets").appending(id: assetID, named: "asset id")
        return try await get([MudstackAssetTask].self, path.appending("tasks"))
    }

    /// An asset's history (`GET /workspaces/assets/{asset_id}/history`).
    ///
    /// - Parameter assetID: The asset's id.
    /// - Returns: The history entries.
    /// - Throws: `AuthError`: `AuthError.Kind.notFound` for an asset not in the
    ///   workspace.
    public func history(ofAsset assetID: String) async throws -> [MudstackAssetHistoryEntry] {
        let path = try MudstackPath("workspaces", "assets").appending(id: assetID, named: "asset id")
        return try await get([MudstackAssetHistoryEntry].self, path.appending("history"))
    }

    /// A GET with both scope headers, after checking both ids can be sent.
    private func get<Value: Decodable>(_ type: Value.Type, _ path: MudstackPath) async throws -> Value {
        try MudstackPath.validate(accountID, named: "account id")
        try MudstackPath.validate(workspaceID, named: "workspace id")
        var headers = account.headers
        headers["x-workspace-id"] = workspaceID
        return try await account.requester.get(type, path: path, headers: headers)
    }

    /// The account and workspace; never a credential.
    public var description: String {
        "MudstackWorkspaceScope(account: \(accountID), workspace: \(workspaceID))"
    }
}
