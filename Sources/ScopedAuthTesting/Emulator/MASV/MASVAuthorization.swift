import Foundation

/// Who a MASV request speaks for, read from its credential headers.
enum MASVPrincipal {
    /// A user, through `X-User-Token` (a user JWT) or `X-API-KEY`.
    case user(userID: String, viaAPIKey: Bool)
    /// A package token (`X-Package-Token`).
    case package(packageID: String, level: MASVPackageLevel, linkID: String?)
    /// A transfer token (`X-Transfer-Token`).
    case transfer(transferID: String)
    /// A valid token sent in the header of another kind of token; it grants nothing.
    case misplaced(String)
}

/// Authentication and the rights of each credential (SERVICES.md section 7, "Rights by level").
///
/// Every credential header present must be valid: an unknown, expired or revoked one is a 401, whatever else
/// the request carries. A request with valid credentials none of which has the right is a 403.
extension MASVState {
    private static let tokenHeaders: [(header: String, kind: String)] = [
        ("X-Package-Token", "package"), ("X-Transfer-Token", "transfer"), ("X-User-Token", "user"),
    ]

    func principals(_ call: MASVCall) throws(MASVFailure) -> [MASVPrincipal] {
        var principals: [MASVPrincipal] = []
        for (header, kind) in Self.tokenHeaders {
            guard let text = call.request.header(header) else { continue }
            guard let token = tokens[text] else { throw .unauthorized("\(header) is not a valid token") }
            guard token.expiresAt > call.now else { throw .unauthorized("\(header) has expired") }
            switch token.grant {
            case .user(let userID):
                guard users[userID] != nil else { throw .unauthorized("\(header) belongs to a removed user") }
                principals.append(kind == "user" ? .user(userID: userID, viaAPIKey: false) : .misplaced(header))
            case .package(let packageID, let level, let linkID):
                guard packages[packageID] != nil else { throw .unauthorized("\(header) is for a deleted package") }
                principals.append(
                    kind == "package" ? .package(packageID: packageID, level: level, linkID: linkID) : .misplaced(header)
                )
            case .transfer(let transferID):
                guard transfers[transferID] != nil else { throw .unauthorized("\(header) is for an unknown transfer") }
                principals.append(kind == "transfer" ? .transfer(transferID: transferID) : .misplaced(header))
            }
        }
        if let text = call.request.header("X-API-KEY") {
            guard let key = apiKeys[text] else { throw .unauthorized("X-API-KEY is not a valid API key") }
            guard key.status == .active else { throw .unauthorized("the API key is deactivated") }
            if let expiry = key.expiry, expiry <= call.now { throw .unauthorized("the API key has expired") }
            guard let user = users[key.userID], user.teamIDs.contains(key.teamID) else {
                throw .unauthorized("the API key's user is no longer on the team")
            }
            principals.append(.user(userID: user.id, viaAPIKey: true))
        }
        guard !principals.isEmpty else {
            throw .unauthorized("missing credentials: send X-User-Token, X-API-KEY, X-Package-Token or X-Transfer-Token")
        }
        return principals
    }

    /// The user a user-level request speaks for, who must be on `teamID`.
    ///
    /// - Parameter allowAPIKey: `false` for API-key management, which needs a user JWT.
    func requireUser(_ call: MASVCall, teamID: String, allowAPIKey: Bool = true) throws(MASVFailure) -> MASVUser {
        for principal in try principals(call) {
            guard case .user(let userID, let viaAPIKey) = principal, allowAPIKey || !viaAPIKey,
                let user = users[userID]
            else { continue }
            guard user.teamIDs.contains(teamID) else { throw .forbidden("the user is not a member of team \(teamID)") }
            return user
        }
        throw .forbidden(allowAPIKey ? "this endpoint needs X-User-Token or X-API-KEY" : "this endpoint needs X-User-Token")
    }

    /// The package a package-level request works on, when the caller's token is for it at one of `levels`.
    ///
    /// - Parameter action: What the request does, for the 403 message ("add files").
    func requirePackage(
        _ call: MASVCall, packageID: String, levels: Set<MASVPackageLevel>, action: String
    ) throws(MASVFailure) -> (package: MASVPackage, level: MASVPackageLevel, linkID: String?) {
        var wrongLevel: MASVPackageLevel?
        for principal in try principals(call) {
            guard case .package(let id, let level, let linkID) = principal, id == packageID else { continue }
            if levels.contains(level), let package = packages[id] { return (package, level, linkID) }
            wrongLevel = level
        }
        if let wrongLevel { throw .forbidden("\(wrongLevel.description) may not \(action)") }
        throw .forbidden("only an X-Package-Token for package \(packageID) may \(action)")
    }

    /// The transfer a transfer request works on, when the caller holds that very transfer's token.
    func requireTransfer(_ call: MASVCall, transferID: String) throws(MASVFailure) -> MASVTransfer {
        for principal in try principals(call) {
            if case .transfer(let id) = principal, id == transferID, let transfer = transfers[id] { return transfer }
        }
        throw .forbidden("only the X-Transfer-Token of transfer \(transferID) may use this endpoint")
    }
}
