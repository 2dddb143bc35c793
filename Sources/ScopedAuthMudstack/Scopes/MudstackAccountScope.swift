import ScopedAuth

/// The account level of the Mudstack API: every call sends `x-account-id`.
///
/// Get it from ``MudstackClient/account``. It reaches the account endpoints (accounts, workspaces, members,
/// settings) and chooses a workspace with ``workspace(_:)``. Workspace endpoints (folders, assets, tasks,
/// history) are not here: they exist only on ``MudstackWorkspaceScope``, so calling one without choosing a
/// workspace does not compile.
///
/// ```swift
/// let workspaces = try await mudstack.account.workspaces()
/// let characters = mudstack.account.workspace(workspaces[0].id)
/// ```
public struct MudstackAccountScope: Sendable, CustomStringConvertible {
    let requester: MudstackRequester
    /// The account every call is made for, sent as `x-account-id`.
    public let accountID: String

    init(requester: MudstackRequester, accountID: String) {
        self.requester = requester
        self.accountID = accountID
    }

    /// The workspace scope for `workspaceID` in this account: its calls send `x-account-id` and
    /// `x-workspace-id`.
    ///
    /// Nothing is sent here. A workspace outside the account is refused by Mudstack on the first call with
    /// `AuthError.Kind.forbidden` (HTTP 403).
    ///
    /// ```swift
    /// let asset = try await mudstack.account.workspace(workspaceID).asset(assetID)
    /// ```
    ///
    /// - Parameter workspaceID: The workspace's id, such as ``MudstackWorkspace/id`` from ``workspaces()``.
    /// - Returns: The workspace scope.
    public func workspace(_ workspaceID: String) -> MudstackWorkspaceScope {
        MudstackWorkspaceScope(account: self, workspaceID: workspaceID)
    }

    /// The accounts of the key's user, with their metadata (`GET /accounts`).
    ///
    /// - Returns: The accounts, as Mudstack lists them.
    /// - Throws: `AuthError` (see ``MudstackClient`` for the kinds).
    public func accounts() async throws -> [MudstackAccount] {
        try await get([MudstackAccount].self, MudstackPath("accounts"))
    }

    /// The workspaces of the account (`GET /accounts/workspaces`).
    ///
    /// - Returns: The workspaces, in Mudstack's order.
    /// - Throws: `AuthError`.
    public func workspaces() async throws -> [MudstackWorkspace] {
        try await get([MudstackWorkspace].self, MudstackPath("accounts", "workspaces"))
    }

    /// The members of the account with their roles (`GET /accounts/members`).
    ///
    /// - Returns: The members.
    /// - Throws: `AuthError`.
    public func members() async throws -> [MudstackMember] {
        try await get([MudstackMember].self, MudstackPath("accounts", "members"))
    }

    /// The account's settings (`GET /accounts/settings`).
    ///
    /// - Returns: The settings.
    /// - Throws: `AuthError`.
    public func settings() async throws -> [MudstackAccountSetting] {
        try await get([MudstackAccountSetting].self, MudstackPath("accounts", "settings"))
    }

    /// The scope's headers: `x-account-id`.
    var headers: HTTPHeaders { ["x-account-id": accountID] }

    /// A GET with this scope's headers, after checking the account id can be sent.
    func get<Value: Decodable>(_ type: Value.Type, _ path: MudstackPath) async throws -> Value {
        try MudstackPath.validate(accountID, named: "account id")
        return try await requester.get(type, path: path, headers: headers)
    }

    /// The account; never a credential.
    public var description: String { "MudstackAccountScope(account: \(accountID))" }
}
