public import ScopedAuth

/// Managing a package: management tokens only.
extension PackageHandle where Access.Manages == Granted {
    /// Creates a download link (`POST /v1/packages/{id}/links`).
    ///
    /// Links made while the package is being uploaded activate when it is finalized. An empty `email` makes a
    /// direct-download link.
    ///
    /// ```swift
    /// let link = try await handle.createLink(password: Secret("open sesame"))
    /// ```
    ///
    /// - Parameters:
    ///   - email: The recipient to notify, or `nil`.
    ///   - password: A password the recipient must give, or `nil`.
    /// - Returns: The link with its id and secret.
    /// - Throws: `AuthError`.
    public func createLink(email: String? = nil, password: Secret? = nil) async throws -> MASVLink {
        let body = MASVWire.NewLink(email: email ?? "", password: password)
        return MASVLink(try await send(.post, RequestPath("v1", "packages", id, "links"), json: body).decodeMASV(MASVWire.Link.self))
    }

    /// Changes how long the package is stored (`PUT /v1/packages/{id}/expiry`).
    ///
    /// ```swift
    /// let updated = try await handle.updateExpiry(.unlimited)
    /// ```
    ///
    /// - Parameter expiry: A future date or ``PackageExpiry/unlimited``.
    /// - Returns: The updated package.
    /// - Throws: `AuthError`: `invalidRequest` for a date in the past.
    @discardableResult
    public func updateExpiry(_ expiry: PackageExpiry) async throws -> MASVPackage {
        MASVPackage(try await send(.put, RequestPath("v1", "packages", id, "expiry"), json: expiry.body).decodeMASV(MASVWire.Package.self))
    }

    /// Deletes the package (`DELETE /v1/packages/{id}`); every token for it stops working.
    ///
    /// ```swift
    /// try await handle.delete()
    /// ```
    ///
    /// - Throws: `AuthError`.
    public func delete() async throws {
        _ = try await send(.delete, RequestPath("v1", "packages", id))
    }

    /// The package's transfers to and from cloud connections (`GET /v1/packages/{id}/transfer`).
    ///
    /// ```swift
    /// let states = try await handle.transfers().map(\.state)
    /// ```
    ///
    /// - Returns: The transfers, without their transfer tokens.
    /// - Throws: `AuthError`.
    public func transfers() async throws -> [MASVTransfer] {
        try await send(.get, RequestPath("v1", "packages", id, "transfer")).decodeMASV([MASVWire.Transfer].self).map(MASVTransfer.init)
    }

    /// Starts a transfer between the package and one of the team's cloud connections.
    ///
    /// ```swift
    /// let transfer = try await handle.startTransfer(toCloudConnection: connectionID)
    /// let status = try await transfer.status()
    /// ```
    ///
    /// - Parameters:
    ///   - connectionID: The team's cloud connection.
    ///   - direction: ``TransferDirection/masvToCloud`` (the default; the package must be finalized) or
    ///     ``TransferDirection/cloudToMASV`` (into a package not yet finalized).
    /// - Returns: A handle holding the transfer's own token.
    /// - Throws: `AuthError`: `conflict` when the package's state does not allow the direction.
    public func startTransfer(
        toCloudConnection connectionID: String, direction: TransferDirection = .masvToCloud
    ) async throws -> TransferHandle {
        try await beginTransfer(
            MASVWire.TransferToConnection(cloudConnectionID: connectionID, direction: direction.rawValue),
            isReplayable: true)
    }

    /// Starts a transfer out of MASV to storage named by single-use credentials, instead of a team connection.
    ///
    /// ```swift
    /// let transfer = try await handle.startTransfer(with: SingleUseCredentials(provider: "amazon_s3",
    ///     authorization: ["access_key_id": keyID, "secret_access_key": secret]))
    /// ```
    ///
    /// - Parameter credentials: The storage and its credentials, used for this transfer only.
    /// - Returns: A handle holding the transfer's own token.
    /// - Throws: `AuthError`.
    public func startTransfer(with credentials: SingleUseCredentials) async throws -> TransferHandle {
        try await beginTransfer(credentials.body, isReplayable: false, carriesCredentials: true)
    }
}

/// A download token may start a transfer only with single-use credentials, so the argument is required.
extension PackageHandle where Access == DownloadAccess {
    /// Starts a transfer out of MASV to storage named by single-use credentials (a download token cannot use the
    /// team's cloud connections).
    ///
    /// ```swift
    /// let download = try await client.links.open(id: linkID, secret: secret)
    /// let transfer = try await download.startTransfer(with: credentials)
    /// ```
    ///
    /// - Parameter credentials: The storage and its credentials, used for this transfer only.
    /// - Returns: A handle holding the transfer's own token.
    /// - Throws: `AuthError`.
    public func startTransfer(with credentials: SingleUseCredentials) async throws -> TransferHandle {
        try await beginTransfer(credentials.body, isReplayable: false, carriesCredentials: true)
    }
}

extension PackageHandle {
    /// `POST /v1/packages/{id}/transfer` → the transfer handle built from the answer's `access_token`.
    func beginTransfer(
        _ body: any Encodable & Sendable, isReplayable: Bool, carriesCredentials: Bool = false
    ) async throws -> TransferHandle {
        try TransferHandle(
            started: await send(.post, RequestPath("v1", "packages", id, "transfer"), json: body,
                                isReplayable: isReplayable, bindsCredential: carriesCredentials),
            connection: connection)
    }
}

extension TransferHandle {
    /// The handle for a started transfer, from the answer's transfer and its `access_token`.
    init(started response: HTTPResponse, connection: MASVConnection) throws(AuthError) {
        let wire = try response.decodeMASV(MASVWire.Transfer.self)
        guard let token = wire.accessToken, !token.isEmpty else {
            throw AuthError(.malformedResponse, service: MASVConnection.service, detail: "the transfer has no access_token")
        }
        self.init(transfer: MASVTransfer(wire), token: Secret(token), connection: connection)
    }
}
