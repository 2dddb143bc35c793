import Foundation
import ScopedAuth

/// Mudstack's routes: the token exchange, the scope checks every other route makes, and the GET endpoints.
extension MudstackEmulator {
    func route(
        _ request: EmulatorRequest, context: EmulatorContext, state: inout MudstackState
    ) throws(MudstackRejection) -> HTTPResponse {
        let path = request.pathComponents
        if path == ["auth", "token"] {
            guard request.method == .post else {
                throw MudstackRejection(status: 405, message: "Use POST /auth/token")
            }
            return try exchangeToken(request, context: context, state: &state)
        }
        let token = try authenticate(request, context: context, state: state)
        guard let accountID = request.nonEmptyHeader("x-account-id") else {
            throw .badRequest("Missing x-account-id header")
        }
        guard accountID == token.accountID, let account = state.accounts[accountID] else {
            throw .forbidden("The token does not grant access to account \(accountID)")
        }
        guard request.method == .get else { throw .notFound("No route for \(request.method) \(request.path)") }
        switch path.first {
        case "accounts":
            return try accountRoute(Array(path.dropFirst()), request: request, account: account, state: state)
        case "workspaces":
            guard let workspaceID = request.nonEmptyHeader("x-workspace-id") else {
                throw .badRequest("Missing x-workspace-id header")
            }
            guard let workspace = state.workspaces[workspaceID], workspace.accountID == accountID else {
                throw .forbidden("Workspace \(workspaceID) does not belong to account \(accountID)")
            }
            return try workspaceRoute(
                Array(path.dropFirst()), request: request, account: account, workspace: workspace, state: state)
        default:
            throw .notFound("No route for \(request.method) \(request.path)")
        }
    }

    /// `POST /auth/token`: a JSON body `{account_id, key, secret}`, or the form-encoded variant with the account
    /// in `x-account-id`; answers the token as a bare JSON string.
    private func exchangeToken(
        _ request: EmulatorRequest, context: EmulatorContext, state: inout MudstackState
    ) throws(MudstackRejection) -> HTTPResponse {
        let fields: [String: String]
        let isForm =
            request.header("Content-Type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        if isForm {
            var form = request.formFields()
            if form["account_id"] == nil { form["account_id"] = request.header("x-account-id") }
            fields = form
        } else {
            guard let object = request.jsonObject() else {
                throw .badRequest("The body must be a JSON object with account_id, key and secret")
            }
            fields = object.compactMapValues { $0 as? String }
        }
        guard let accountID = fields["account_id"], !accountID.isEmpty,
            let keyID = fields["key"], !keyID.isEmpty,
            let secret = fields["secret"], !secret.isEmpty
        else { throw .badRequest("account_id, key and secret are required strings") }
        guard let key = state.keys[keyID], !key.isRevoked, Secret(key.secret) == Secret(secret),
            key.accountID == accountID, state.accounts[accountID] != nil
        else { throw .unauthorized("Invalid API key, secret or account") }

        let expiresAt = context.now.addingTimeInterval(state.tokenLifetime.seconds)
        let minted = context.mint.sessionToken(
            for: .mudstack, subject: key.id, issuedAt: context.now, expiresAt: expiresAt,
            claims: ["account_id": accountID])
        state.tokens[minted] = MudstackIssuedToken(accountID: accountID, keyID: key.id, expiresAt: expiresAt)
        context.counters.recordExchange(.mudstack, credential: key.id)
        return HTTPResponse.json(status: 200, minted)
    }

    private func authenticate(
        _ request: EmulatorRequest, context: EmulatorContext, state: MudstackState
    ) throws(MudstackRejection) -> MudstackIssuedToken {
        let rejection: MudstackRejection
        if let bearer = request.bearerToken, !bearer.isEmpty {
            if let token = state.tokens[bearer] {
                if context.now < token.expiresAt { return token }
                rejection = .unauthorized("Token expired")
            } else {
                rejection = .unauthorized("Invalid or expired token")
            }
        } else {
            rejection = .unauthorized("Missing bearer token")
        }
        context.counters.recordUnauthorized(.mudstack)
        throw rejection
    }

    private func accountRoute(
        _ rest: [String], request: EmulatorRequest, account: MudstackAccount, state: MudstackState
    ) throws(MudstackRejection) -> HTTPResponse {
        switch rest {
        case []:
            return .json([account.json])
        case ["workspaces"]:
            let workspaces = state.workspaces.values.filter { $0.accountID == account.id }
                .sorted { $0.sequence < $1.sequence }
            return .json(workspaces.map { $0.json(owner: account.owner) })
        case ["members"]:
            return .json([account.memberJSON])
        case ["settings"]:
            return .json(account.settingsJSON)
        default:
            throw .notFound("No route for GET \(request.path)")
        }
    }

    private func workspaceRoute(
        _ rest: [String], request: EmulatorRequest, account: MudstackAccount, workspace: MudstackWorkspace,
        state: MudstackState
    ) throws(MudstackRejection) -> HTTPResponse {
        let owner = account.owner
        func asset(_ id: String) throws(MudstackRejection) -> MudstackAsset {
            guard let asset = state.assets[id], asset.workspaceID == workspace.id else {
                throw .notFound("Asset \(id) not found in workspace \(workspace.id)")
            }
            return asset
        }
        switch rest.count {
        case 0:
            return .json(workspace.json(owner: owner))
        case 1 where rest[0] == "members":
            return .json([workspace.memberJSON(owner: owner)])
        case 2 where rest == ["folders", "hierarchy"]:
            let roots = state.folders.values.filter { $0.workspaceID == workspace.id && $0.parentID == nil }
            return .json(roots.sorted { $0.sequence < $1.sequence }.map { folderJSON($0, state: state) })
        case 2 where rest[0] == "folders":
            guard let folder = state.folders[rest[1]], folder.workspaceID == workspace.id else {
                throw .notFound("Folder \(rest[1]) not found in workspace \(workspace.id)")
            }
            return .json(folderJSON(folder, state: state))
        case 2 where rest == ["assets", "getByIds"]:
            guard let list = request.query["ids"] else { throw .badRequest("Missing ids query parameter") }
            let ids = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !ids.isEmpty else { throw .badRequest("The ids query parameter lists no id") }
            let found = ids.compactMap { id in
                state.assets[id].flatMap { $0.workspaceID == workspace.id ? $0 : nil }
            }
            return .json(found.map { $0.json(owner: owner) })
        case 2 where rest[0] == "assets":
            return .json(try asset(rest[1]).json(owner: owner))
        case 3 where rest[0] == "assets" && rest[2] == "tasks":
            return .json(try asset(rest[1]).tasksJSON(owner: owner))
        case 3 where rest[0] == "assets" && rest[2] == "history":
            return .json(try asset(rest[1]).historyJSON(owner: owner))
        default:
            throw .notFound("No route for GET \(request.path)")
        }
    }

    /// A folder with its subfolders, recursively, in creation order.
    private func folderJSON(_ folder: MudstackFolder, state: MudstackState) -> [String: Any] {
        let children = state.folders.values.filter { $0.parentID == folder.id }.sorted { $0.sequence < $1.sequence }
        let assetIDs = state.assets.values.filter { $0.folderID == folder.id }.sorted { $0.sequence < $1.sequence }
        return [
            "id": folder.id, "workspace_id": folder.workspaceID, "name": folder.name,
            "parent_id": folder.parentID ?? NSNull(), "sequence": folder.sequence,
            "asset_ids": assetIDs.map(\.id), "children": children.map { folderJSON($0, state: state) },
        ]
    }
}

extension EmulatorRequest {
    /// A header's value, or `nil` when it is absent or blank.
    fileprivate func nonEmptyHeader(_ name: String) -> String? {
        guard let value = header(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// The body read as `application/x-www-form-urlencoded` fields (the last value of a name wins).
    fileprivate func formFields() -> [String: String] {
        guard let body = http.body, let text = String(data: body, encoding: .utf8) else { return [:] }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            guard let name = parts.first else { continue }
            fields[decoded(name)] = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return fields
    }
}
