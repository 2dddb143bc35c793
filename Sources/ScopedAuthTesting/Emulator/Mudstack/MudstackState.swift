import Foundation

/// Everything the Mudstack emulator knows: accounts, keys, workspaces, folders, assets and issued tokens.
struct MudstackState {
    var accounts: [String: MudstackAccount] = [:]
    var keys: [String: MudstackAPIKey] = [:]
    var workspaces: [String: MudstackWorkspace] = [:]
    var folders: [String: MudstackFolder] = [:]
    var assets: [String: MudstackAsset] = [:]
    var tokens: [String: MudstackIssuedToken] = [:]
    var tokenLifetime: Duration = .seconds(3_600)
    /// Mudstack's objects carry a `sequence`; one counter keeps every listing in creation order.
    var lastSequence = 0

    mutating func nextSequence() -> Int {
        lastSequence += 1
        return lastSequence
    }

    mutating func addAccount(name: String, identifiers: TokenMint) -> String {
        let accountID = identifiers.uuid()
        let slug = name.lowercased().replacingOccurrences(of: " ", with: "-")
        let owner = MudstackUser(
            id: identifiers.uuid(), email: "owner@\(slug).test", firstName: "Owner", lastName: name)
        accounts[accountID] = MudstackAccount(id: accountID, name: name, owner: owner, sequence: nextSequence())
        return accountID
    }

    mutating func addKey(accountID: String, identifiers: TokenMint) -> MudstackAPIKey {
        let key = MudstackAPIKey(id: identifiers.uuid(), secret: identifiers.secret(), accountID: accountID)
        keys[key.id] = key
        return key
    }

    mutating func addWorkspace(name: String, accountID: String, identifiers: TokenMint) -> String {
        let workspaceID = identifiers.uuid()
        let sequence = nextSequence()
        workspaces[workspaceID] = MudstackWorkspace(
            id: workspaceID, accountID: accountID, name: name, defaultAvatar: sequence % 10 + 1, sequence: sequence)
        return workspaceID
    }

    mutating func addFolder(name: String, workspaceID: String, parentID: String?, identifiers: TokenMint) -> String {
        let folderID = identifiers.uuid()
        folders[folderID] = MudstackFolder(
            id: folderID, workspaceID: workspaceID, name: name, parentID: parentID, sequence: nextSequence())
        return folderID
    }

    mutating func addAsset(name: String, workspaceID: String, folderID: String?, identifiers: TokenMint) -> String {
        let assetID = identifiers.uuid()
        let sequence = nextSequence()
        assets[assetID] = MudstackAsset(
            id: assetID, workspaceID: workspaceID, folderID: folderID, name: name, versionID: identifiers.uuid(),
            size: 1_024 * (sequence + 1), sequence: sequence)
        return assetID
    }
}
