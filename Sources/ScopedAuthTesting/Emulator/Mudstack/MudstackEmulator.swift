import Foundation
public import ScopedAuth

/// An in-process model of Mudstack's REST API (`https://api.mudstack.com`), as SERVICES.md sections 4 and 7
/// describe it.
///
/// `POST /auth/token` exchanges an account id, key and secret for a JWT returned as a bare JSON string; it lives
/// one hour (``tokenLifetime``). Every other route needs `Authorization: Bearer <jwt>` and `x-account-id`, and
/// workspace routes also `x-workspace-id`. Errors are `{"error": "Unauthorized", "message": "..."}` with the
/// documented statuses: 401 for an unknown or expired token, 400 for a missing header, 403 for an account the
/// token is not for or a workspace outside the account, 404 for an unknown route or a resource of another
/// workspace.
///
/// The emulator starts seeded: ``seededKey`` belongs to ``seededAccountID``, whose workspace
/// ``seededWorkspaceID`` holds the assets ``seededAssetIDs`` in the folder ``seededFolderID``. A second account,
/// ``otherAccountID`` with ``otherWorkspaceID`` and ``otherAccountKey``, exists for cross-account tests.
///
/// ```swift
/// let mudstack = MudstackEmulator()
/// let key = mudstack.seededKey                // exchange it for account `mudstack.seededAccountID`
/// mudstack.revokeKey(id: key.id)              // the next exchange answers 401
/// ```
///
/// A revoked key can no longer be exchanged; tokens minted before the revocation stay valid until they
/// expire, as stateless JWTs do. The token route also accepts the form-encoded variant seen in third-party code
/// (`key=…&secret=…` with the account in an `x-account-id` header).
public final class MudstackEmulator: EmulatedService, Sendable {
    /// Always ``EmulatedServiceID/mudstack``.
    public var id: EmulatedServiceID { .mudstack }

    /// The seeded account's API key.
    public let seededKey: KeyAndSecret
    /// The seeded account, which ``seededKey`` opens.
    public let seededAccountID: String
    /// The seeded account's workspace, holding ``seededAssetIDs``.
    public let seededWorkspaceID: String
    /// The root folder of ``seededWorkspaceID``; it has one subfolder.
    public let seededFolderID: String
    /// The assets of ``seededWorkspaceID``.
    public let seededAssetIDs: [String]
    /// A second account, for requests that must be refused with 403.
    public let otherAccountID: String
    /// The API key of ``otherAccountID``.
    public let otherAccountKey: KeyAndSecret
    /// The workspace of ``otherAccountID``; it holds one asset.
    public let otherWorkspaceID: String

    let state: LockedValue<MudstackState>
    /// Identifiers for seeded and added records come from their own seeded generator, so they are reproducible
    /// and independent of the tokens minted per request.
    private let identifiers: TokenMint

    /// Creates an emulator holding the seeded accounts, keys, workspaces, folders and assets.
    public init() {
        let identifiers = TokenMint(seed: 0x6D75_6473_7461_636B)
        var seed = MudstackState()
        seededAccountID = seed.addAccount(name: "Seeded Studio", identifiers: identifiers)
        let key = seed.addKey(accountID: seededAccountID, identifiers: identifiers)
        seededKey = KeyAndSecret(id: key.id, secret: Secret(key.secret))
        seededWorkspaceID = seed.addWorkspace(
            name: "Characters", accountID: seededAccountID, identifiers: identifiers)
        seededFolderID = seed.addFolder(
            name: "Heroes", workspaceID: seededWorkspaceID, parentID: nil, identifiers: identifiers)
        _ = seed.addFolder(
            name: "Drafts", workspaceID: seededWorkspaceID, parentID: seededFolderID, identifiers: identifiers)
        let knight = seed.addAsset(
            name: "Knight", workspaceID: seededWorkspaceID, folderID: seededFolderID, identifiers: identifiers)
        let dragon = seed.addAsset(
            name: "Dragon", workspaceID: seededWorkspaceID, folderID: seededFolderID, identifiers: identifiers)
        seededAssetIDs = [knight, dragon]
        otherAccountID = seed.addAccount(name: "Other Studio", identifiers: identifiers)
        let otherKey = seed.addKey(accountID: otherAccountID, identifiers: identifiers)
        otherAccountKey = KeyAndSecret(id: otherKey.id, secret: Secret(otherKey.secret))
        otherWorkspaceID = seed.addWorkspace(name: "Props", accountID: otherAccountID, identifiers: identifiers)
        _ = seed.addAsset(name: "Barrel", workspaceID: otherWorkspaceID, folderID: nil, identifiers: identifiers)
        self.identifiers = identifiers
        state = LockedValue(seed)
    }

    /// How long tokens minted from now on live; one hour unless changed.
    public var tokenLifetime: Duration {
        get { state.withLock { $0.tokenLifetime } }
        set { state.withLock { $0.tokenLifetime = newValue } }
    }

    /// Adds an account whose owner is its only member.
    ///
    /// - Parameter name: The account's display name.
    /// - Returns: The new account's id.
    @discardableResult
    public func addAccount(name: String) -> String {
        state.withLock { $0.addAccount(name: name, identifiers: identifiers) }
    }

    /// Issues a new API key for `accountID`.
    ///
    /// A key for an account that does not exist is issued all the same and fails its exchange with 401.
    /// - Parameter accountID: The account the key opens.
    /// - Returns: The key's id and secret.
    @discardableResult
    public func addKey(accountID: String) -> KeyAndSecret {
        let key = state.withLock { $0.addKey(accountID: accountID, identifiers: identifiers) }
        return KeyAndSecret(id: key.id, secret: Secret(key.secret))
    }

    /// Revokes an API key: its next exchange answers 401. Tokens it already produced live until they expire.
    ///
    /// - Parameter id: The key's id; an unknown id is ignored.
    public func revokeKey(id: String) {
        state.withLock { $0.keys[id]?.isRevoked = true }
    }

    /// Adds a workspace to `accountID`.
    ///
    /// - Parameters:
    ///   - name: The workspace's name.
    ///   - accountID: The account that owns it.
    /// - Returns: The new workspace's id.
    @discardableResult
    public func addWorkspace(name: String, accountID: String) -> String {
        state.withLock { $0.addWorkspace(name: name, accountID: accountID, identifiers: identifiers) }
    }

    /// Adds a folder to a workspace.
    ///
    /// - Parameters:
    ///   - name: The folder's name.
    ///   - workspaceID: The workspace that holds it.
    ///   - parentID: The enclosing folder, or `nil` for a root folder.
    /// - Returns: The new folder's id.
    @discardableResult
    public func addFolder(name: String, workspaceID: String, parentID: String? = nil) -> String {
        state.withLock {
            $0.addFolder(name: name, workspaceID: workspaceID, parentID: parentID, identifiers: identifiers)
        }
    }

    /// Adds an asset, with one version, one task and one history entry, to a workspace.
    ///
    /// - Parameters:
    ///   - name: The asset's name.
    ///   - workspaceID: The workspace that holds it.
    ///   - folderID: The folder it sits in, if any.
    /// - Returns: The new asset's id.
    @discardableResult
    public func addAsset(name: String, workspaceID: String, folderID: String? = nil) -> String {
        state.withLock {
            $0.addAsset(name: name, workspaceID: workspaceID, folderID: folderID, identifiers: identifiers)
        }
    }

    /// Answers one request against the emulator's state.
    package func respond(to request: EmulatorRequest, context: EmulatorContext) -> HTTPResponse {
        do throws(MudstackRejection) {
            return try state.withLock { state throws(MudstackRejection) in
                try route(request, context: context, state: &state)
            }
        } catch {
            return errorResponse(status: error.status, message: error.message)
        }
    }

    /// `{"error": "<reason phrase>", "message": "..."}`, Mudstack's error shape.
    package func errorResponse(status: Int, message: String) -> HTTPResponse {
        HTTPResponse.json(status: status, ["error": MudstackRejection.reasonPhrase(status), "message": message])
    }
}
