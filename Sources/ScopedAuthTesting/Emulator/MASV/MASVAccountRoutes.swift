import Foundation
import ScopedAuth

/// User-level MASV routes: sign-in, API keys, team packages, portals and cloud connections
/// (SERVICES.md 1.2–1.4, 1.8–1.10).
extension MASVState {
    /// `POST /v1/auth` `{email, password}` → 200 `{teams, token, user}`; wrong credentials → 401.
    mutating func signIn(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let body = try call.body()
        let email = try call.requiredString("email", in: body)
        let password = try call.requiredString("password", in: body)
        guard let user = user(email: email), Secret(user.password) == Secret(password) else {
            throw .unauthorized("invalid email or password")
        }
        let token = issueUserToken(for: user, call).token
        call.context.counters.recordExchange(.masv, credential: user.email)
        return .json([
            "teams": user.teamIDs.compactMap { teams[$0].map(teamJSON) }, "token": token, "user": userJSON(user),
        ])
    }

    /// `POST /v1/teams/{team_id}/api_keys` with `X-User-Token`, body `{name, expiry?, state?}` → 201 with the
    /// key's value in `key`, shown only this once.
    mutating func createAPIKey(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let teamID = call.capture(0)
        let user = try requireUser(call, teamID: teamID, allowAPIKey: false)
        let body = try call.body()
        var expiry: Date?
        if let text = try call.string("expiry", in: body) {
            guard let date = MASVTimestamp.parse(text) else { throw .badRequest("expiry must be an ISO 8601 date") }
            expiry = date
        }
        var status = MASVAPIKey.Status.active
        if let text = try call.string("state", in: body) {
            guard let parsed = MASVAPIKey.Status(rawValue: text) else { throw .badRequest("state must be active or inactive") }
            status = parsed
        }
        let key = MASVAPIKey(
            id: call.context.mint.ulid(), name: try call.string("name", in: body) ?? "API key",
            key: call.context.mint.secret(length: 48), userID: user.id, teamID: teamID, expiry: expiry,
            status: status, createdAt: call.now
        )
        apiKeys[key.key] = key
        return .json(status: 201, apiKeyJSON(key, includingKey: true))
    }

    /// `POST /v1/teams/{team_id}/packages` (user auth) → 201 package with a management (`lvl:"f"`) `access_token`.
    mutating func createTeamPackage(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let teamID = call.capture(0)
        let user = try requireUser(call, teamID: teamID)
        let package = try createPackage(teamID: teamID, portalID: nil, sender: user.email, call)
        let token = issuePackageToken(for: package, level: .full, userID: user.id, call)
        return .json(status: 201, packageJSON(package, now: call.now, accessToken: token))
    }

    /// `GET /v1.1/teams/{team_id}/packages?page=&limit=` → `{metadata:{total}, records:[...]}`, newest first, each
    /// record with a fresh management token.
    mutating func listTeamPackages(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let teamID = call.capture(0)
        let user = try requireUser(call, teamID: teamID)
        let all = teamPackages(teamID, call)
        let limit = max(1, min(Int(call.request.query["limit"] ?? "") ?? 50, 500))
        let page = max(1, Int(call.request.query["page"] ?? "") ?? 1)
        let records = all.dropFirst((page - 1) * limit).prefix(limit).map { package in
            packageJSON(package, now: call.now, accessToken: issuePackageToken(for: package, level: .full, userID: user.id, call))
        }
        return .json(["metadata": ["total": all.count], "records": Array(records)])
    }

    /// `GET /v1/teams/{team_id}/packages` (legacy) → a bare array of packages, without tokens.
    func listTeamPackagesLegacy(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let teamID = call.capture(0)
        _ = try requireUser(call, teamID: teamID)
        return .json(teamPackages(teamID, call).map { packageJSON($0, now: call.now) })
    }

    /// `GET /v1.1/teams/{team_id}/packages/{package_id}` → the package with a fresh management `access_token`.
    mutating func getTeamPackage(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let teamID = call.capture(0)
        let user = try requireUser(call, teamID: teamID)
        guard let package = packages[call.capture(1)], package.teamID == teamID else {
            throw .notFound("package \(call.capture(1)) not found on team \(teamID)")
        }
        let token = issuePackageToken(for: package, level: .full, userID: user.id, call)
        return .json(packageJSON(package, now: call.now, accessToken: token))
    }

    /// `GET /v1/teams/{team_id}/cloud_connections` → the team's connections.
    func listCloudConnections(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let teamID = call.capture(0)
        _ = try requireUser(call, teamID: teamID)
        let connections = cloudConnections.values.filter { $0.teamID == teamID }.sorted { $0.id < $1.id }
        return .json(connections.map(cloudConnectionJSON))
    }

    /// `GET /v1/subdomains/portals/{subdomain}` (no auth) → `{id, name, subdomain}`.
    func resolvePortal(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let subdomain = call.capture(0)
        guard let portal = portals.values.first(where: { $0.subdomain == subdomain }) else {
            throw .notFound("no portal with subdomain \(subdomain)")
        }
        return .json(["id": portal.id, "name": portal.name, "subdomain": portal.subdomain])
    }

    /// `POST /v1/portals/{portal_id}/packages` (no auth) → 201 package with an upload-only (`lvl:"u"`) token.
    mutating func createPortalPackage(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        guard let portal = portals[call.capture(0)] else { throw .notFound("portal \(call.capture(0)) not found") }
        let package = try createPackage(teamID: portal.teamID, portalID: portal.id, sender: nil, call)
        let token = issuePackageToken(for: package, level: .upload, call)
        return .json(status: 201, packageJSON(package, now: call.now, accessToken: token))
    }

    private func teamPackages(_ teamID: String, _ call: MASVCall) -> [MASVPackage] {
        packages.values.filter { $0.teamID == teamID }.sorted {
            ($0.createdAt, $0.id) > ($1.createdAt, $1.id)
        }
    }

    /// A new package from `{name, description, sender, recipients}` (recipients as emails or `{email}` objects).
    private mutating func createPackage(
        teamID: String, portalID: String?, sender: String?, _ call: MASVCall
    ) throws(MASVFailure) -> MASVPackage {
        let body = try call.body()
        var recipients: [String] = []
        if let value = body["recipients"], !(value is NSNull) {
            guard let list = value as? [Any] else { throw .badRequest("recipients must be an array") }
            for item in list {
                if let email = item as? String {
                    recipients.append(email)
                } else if let object = item as? [String: Any], let email = object["email"] as? String {
                    recipients.append(email)
                } else {
                    throw .badRequest("each recipient must be an email or {\"email\": ...}")
                }
            }
        }
        let package = MASVPackage(
            id: call.context.mint.ulid(), teamID: teamID, portalID: portalID,
            name: try call.string("name", in: body) ?? "Untitled package",
            description: try call.string("description", in: body) ?? "",
            sender: (try? call.string("sender", in: body)).flatMap { $0 } ?? sender ?? "",
            recipients: recipients, status: .new, createdAt: call.now, updatedAt: call.now,
            expiry: call.now.addingTimeInterval(call.configuration.packageStorageDuration.timeInterval),
            fileIDs: [], linkIDs: [], transferIDs: []
        )
        packages[package.id] = package
        return package
    }
}
