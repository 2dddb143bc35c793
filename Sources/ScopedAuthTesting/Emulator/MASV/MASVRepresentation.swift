import Foundation

/// The JSON shapes of MASV's objects (SERVICES.md 1.2–1.9), built from the emulator's records.
extension MASVState {
    static func nullable(_ text: String?) -> Any { text.map { $0 as Any } ?? NSNull() }

    func teamJSON(_ team: MASVTeam) -> [String: Any] {
        ["id": team.id, "name": team.name, "subdomain": team.subdomain]
    }

    func userJSON(_ user: MASVUser) -> [String: Any] {
        let primary = Self.nullable(user.teamIDs.first)
        return [
            "email": user.email, "id": user.id, "level": "basic", "name": user.name, "preferred_team_id": primary,
            "primary_team_id": primary, "time_zone": "UTC",
        ]
    }

    func apiKeyJSON(_ key: MASVAPIKey, includingKey: Bool) -> [String: Any] {
        var object: [String: Any] = [
            "id": key.id, "name": key.name, "expiry": MASVTimestamp.format(key.expiry), "state": key.status.rawValue,
            "created_at": MASVTimestamp.format(key.createdAt), "team_id": key.teamID, "user_id": key.userID,
        ]
        if includingKey { object["key"] = key.key }
        return object
    }

    func packageJSON(_ package: MASVPackage, now: Date, accessToken: String? = nil) -> [String: Any] {
        var object: [String: Any] = [
            "access_limit": 5, "contains_virus": false, "created_at": MASVTimestamp.format(package.createdAt),
            "custom_expiry": false, "description": package.description,
            "expiry": MASVTimestamp.format(package.expiry), "extra_storage_days": 0, "extras": [String: Any](),
            "id": package.id, "links": package.linkIDs.compactMap { links[$0].map { linkJSON($0, package: package) } },
            "name": package.name, "recipients": package.recipients, "sender": package.sender,
            "size": packageSize(package), "state": packageState(package, now: now), "team_id": package.teamID,
            "total_files": package.fileIDs.count, "unlimited_storage": package.expiry == nil,
            "updated_at": MASVTimestamp.format(package.updatedAt),
        ]
        object["portal_id"] = Self.nullable(package.portalID)
        if let accessToken { object["access_token"] = accessToken }
        return object
    }

    func fileJSON(_ file: MASVFile) -> [String: Any] {
        [
            "id": file.id, "kind": file.kind, "name": file.name, "path": file.path,
            "last_modified": Self.nullable(file.lastModified), "size": file.contents?.count ?? 0,
            "state": file.isFinalized ? "finalized" : "new", "virus_detected": false,
            "created_at": MASVTimestamp.format(file.createdAt),
        ]
    }

    /// A link as its creator sees it, secret included (the creator needs it to share the link).
    func linkJSON(_ link: MASVLink, package: MASVPackage) -> [String: Any] {
        [
            "id": link.id, "secret": link.secret, "package_id": link.packageID, "access_limit": 5,
            "email": link.email ?? "", "password_protected": link.password != nil,
            "active": package.status == .finalized, "expiry": MASVTimestamp.format(package.expiry),
            "created_at": MASVTimestamp.format(link.createdAt),
        ]
    }

    func transferJSON(_ transfer: MASVTransfer, accessToken: String? = nil) -> [String: Any] {
        var object: [String: Any] = [
            "id": transfer.id, "package_id": transfer.packageID, "state": transfer.state.rawValue,
            "direction": transfer.direction, "provider": transfer.provider,
            "cloud_connection_id": Self.nullable(transfer.cloudConnectionID),
            "single_use_credentials": transfer.usesSingleUseCredentials, "retries": transfer.retries,
            "created_at": MASVTimestamp.format(transfer.createdAt),
            "updated_at": MASVTimestamp.format(transfer.updatedAt),
        ]
        if let accessToken { object["access_token"] = accessToken }
        return object
    }

    func cloudConnectionJSON(_ connection: MASVCloudConnection) -> [String: Any] {
        [
            "id": connection.id, "name": connection.name, "provider": connection.provider, "state": "ok",
            "created_at": MASVTimestamp.format(connection.createdAt),
            "updated_at": MASVTimestamp.format(connection.createdAt),
        ]
    }
}
