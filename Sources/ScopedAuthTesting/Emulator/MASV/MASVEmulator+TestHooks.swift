public import Foundation
public import ScopedAuth

/// The seeded account, the hooks a test uses to change it, and what a test inspects afterwards.
extension MASVEmulator {
    // MARK: Seeded records

    /// The id of the seeded team ("Default Team"), which owns the seeded portal and cloud connection.
    public var seededTeamID: String { model.seed.teamID }

    /// The seeded team's owner: sign in with it at `POST /v1/auth`.
    public var seededUser: EmailPassword {
        EmailPassword(email: model.seed.user.email, password: Secret(model.seed.user.password))
    }

    /// The seeded owner's user id.
    public var seededUserID: String { model.seed.userID }

    /// An active API key of the seeded owner on the seeded team, without expiry.
    public var seededAPIKey: Secret { Secret(model.seed.apiKey) }

    /// The id of the seeded team's portal.
    public var seededPortalID: String { model.seed.portalID }

    /// The seeded portal's subdomain, resolved by `GET /v1/subdomains/portals/{subdomain}`.
    public var seededPortalSubdomain: String { model.seed.portalSubdomain }

    /// The id of the seeded team's Amazon S3 cloud connection.
    public var seededCloudConnectionID: String { model.seed.cloudConnectionID }

    // MARK: Changing the account

    /// Adds a user to the seeded team, or sets the password of the user with that email.
    ///
    /// - Returns: The user's id.
    @discardableResult
    public func addUser(_ credentials: EmailPassword, name: String = "Emulated User") -> String {
        let newID = model.identifiers.ulid()
        return model.state.withLock { state in
            if var user = state.user(email: credentials.email) {
                user.password = credentials.password.revealed
                state.users[user.id] = user
                return user.id
            }
            state.users[newID] = MASVUser(
                id: newID, email: credentials.email, password: credentials.password.revealed, name: name,
                teamIDs: [model.seed.teamID]
            )
            return newID
        }
    }

    /// Removes the user from the seeded team: their API keys answer 401 and their team requests 403.
    public func removeUserFromTeam(email: String) {
        model.state.withLock { state in
            guard var user = state.user(email: email) else { return }
            user.teamIDs.removeAll { $0 == model.seed.teamID }
            state.users[user.id] = user
        }
    }

    /// Creates an active API key for a user on the seeded team, as the web app would.
    ///
    /// - Parameters:
    ///   - email: The key's user; `nil` for the seeded owner.
    ///   - name: The key's name.
    ///   - expiry: When the key stops working; `nil` for never.
    /// - Returns: The key, or `nil` when no user has that email.
    @discardableResult
    public func addAPIKey(forUserWithEmail email: String? = nil, name: String = "test key", expiry: Date? = nil)
        -> Secret?
    {
        let id = model.identifiers.ulid()
        let value = model.identifiers.secret(length: 48)
        return model.state.withLock { state in
            guard let user = email.map({ state.user(email: $0) }) ?? state.users[model.seed.userID] else { return nil }
            state.apiKeys[value] = MASVAPIKey(
                id: id, name: name, key: value, userID: user.id, teamID: model.seed.teamID, expiry: expiry,
                status: .active, createdAt: Date(timeIntervalSince1970: 1_767_225_600)
            )
            return Secret(value)
        }
    }

    /// Deactivates an API key (requests with it answer 401) or, with `false`, activates it again.
    ///
    /// - Returns: Whether the key exists.
    @discardableResult
    public func setAPIKeyDeactivated(_ key: Secret, _ deactivated: Bool = true) -> Bool {
        model.state.withLock { state in
            guard state.apiKeys[key.revealed] != nil else { return false }
            state.apiKeys[key.revealed]?.status = deactivated ? .inactive : .active
            return true
        }
    }

    /// Deletes an API key; requests with it answer 401.
    public func deleteAPIKey(_ key: Secret) {
        model.state.withLock { state in state.apiKeys[key.revealed] = nil }
    }

    /// Adds a cloud connection to the seeded team.
    ///
    /// - Returns: The connection's id.
    @discardableResult
    public func addCloudConnection(name: String, provider: String = "amazon_s3") -> String {
        let id = model.identifiers.ulid()
        model.state.withLock { state in
            state.cloudConnections[id] = MASVCloudConnection(
                id: id, name: name, provider: provider, teamID: model.seed.teamID,
                createdAt: Date(timeIntervalSince1970: 1_767_225_600)
            )
        }
        return id
    }

    /// Moves a transfer to `state`, as MASV's workers would (no transition rules apply here).
    ///
    /// - Returns: Whether the transfer exists.
    @discardableResult
    public func setTransferState(_ transferID: String, to state: MASVTransferState) -> Bool {
        model.state.withLock { account in
            guard account.transfers[transferID] != nil else { return false }
            account.transfers[transferID]?.state = state
            return true
        }
    }

    // MARK: Inspecting the account

    /// A transfer's state, or `nil` when it does not exist.
    public func transferState(_ transferID: String) -> MASVTransferState? {
        model.state.withLock { $0.transfers[transferID]?.state }
    }

    /// Every package's id, oldest first.
    public var packageIDs: [String] {
        model.state.withLock { state in
            state.packages.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }.map(\.id)
        }
    }

    /// A package's stored state, `"new"` or `"finalized"`, or `nil` when it does not exist (or was deleted).
    public func packageState(_ packageID: String) -> String? {
        model.state.withLock { $0.packages[packageID]?.status.rawValue }
    }

    /// The ids of a package's files in the order they were added.
    public func fileIDs(packageID: String) -> [String] {
        model.state.withLock { $0.packages[packageID]?.fileIDs ?? [] }
    }

    /// The exact bytes of a finalized file, assembled from its chunks; `nil` until the file is finalized.
    public func fileContents(packageID: String, fileID: String) -> Data? {
        model.state.withLock { state in
            guard let file = state.files[fileID], file.packageID == packageID else { return nil }
            return file.contents
        }
    }

    /// How many chunk PUTs the storage origin accepted for a file, retries included.
    public func chunkUploadCount(packageID: String, fileID: String) -> Int {
        model.state.withLock { state in
            guard let file = state.files[fileID], file.packageID == packageID else { return 0 }
            return file.chunkPutCount
        }
    }
}
