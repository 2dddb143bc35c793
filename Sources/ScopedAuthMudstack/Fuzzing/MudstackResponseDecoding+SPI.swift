public import ScopedAuth

/// The fuzzing seam of the Mudstack client: every function that turns a Mudstack answer into a value or an
/// error, callable on a bare ``HTTPResponse`` without a client, a network or a task.
///
/// Not API: it exists for the libFuzzer targets in `Fuzz/` (`@_spi(Fuzzing) import ScopedAuthMudstack`). Each
/// case runs the exact functions the client runs on that answer, so a finding here is a finding in the client.
@_spi(Fuzzing) public enum MudstackResponseDecoding {
    /// One kind of answer the client reads.
    public enum Answer: CaseIterable, Sendable {
        /// `POST /auth/token`: a bare JSON string (the JWT), or an error object.
        case token
        /// `GET /accounts`.
        case accounts
        /// `GET /accounts/workspaces`.
        case workspaces
        /// `GET /accounts/members` and `GET /workspaces/members`.
        case members
        /// `GET /accounts/settings`.
        case settings
        /// `GET /workspaces`: one workspace.
        case workspace
        /// `GET /workspaces/folders/hierarchy`: nested folders.
        case folderHierarchy
        /// `GET /workspaces/folders/{id}`.
        case folder
        /// `GET /workspaces/assets/{id}`.
        case asset
        /// `GET /workspaces/assets/getByIds`.
        case assets
        /// `GET /workspaces/assets/{id}/tasks`.
        case tasks
        /// `GET /workspaces/assets/{id}/history`.
        case history
    }

    /// Reads `response` as the client reads `answer`.
    ///
    /// - Parameters:
    ///   - answer: Which answer `response` stands for.
    ///   - response: The status, headers and body to read.
    /// - Returns: What the client would get, for the caller to inspect.
    /// - Throws: ``AuthError`` only.
    public static func decode(_ answer: Answer, _ response: HTTPResponse) throws(AuthError) -> any Sendable {
        switch answer {
        case .token: try MudstackTokenExchange.issuedToken(from: response)
        case .accounts: try MudstackRequester.decode([MudstackAccount].self, from: response)
        case .workspaces: try MudstackRequester.decode([MudstackWorkspace].self, from: response)
        case .members: try MudstackRequester.decode([MudstackMember].self, from: response)
        case .settings: try MudstackRequester.decode([MudstackAccountSetting].self, from: response)
        case .workspace: try MudstackRequester.decode(MudstackWorkspace.self, from: response)
        case .folderHierarchy: try MudstackRequester.decode([MudstackFolder].self, from: response)
        case .folder: try MudstackRequester.decode(MudstackFolder.self, from: response)
        case .asset: try MudstackRequester.decode(MudstackAsset.self, from: response)
        case .assets: try MudstackRequester.decode([MudstackAsset].self, from: response)
        case .tasks: try MudstackRequester.decode([MudstackAssetTask].self, from: response)
        case .history: try MudstackRequester.decode([MudstackAssetHistoryEntry].self, from: response)
        }
    }
}
