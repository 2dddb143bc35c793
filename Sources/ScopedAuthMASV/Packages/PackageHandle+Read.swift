public import ScopedAuth

/// Reading a package: management and download tokens.
extension PackageHandle where Access.Reads == Granted {
    /// The package's details: name, state, size, file count and expiry (`GET /v1/packages/{id}`).
    ///
    /// ```swift
    /// let details = try await handle.details()
    /// ```
    ///
    /// - Returns: The package.
    /// - Throws: `AuthError`: `invalidCredentials` when the token expired or the package was deleted.
    public func details() async throws -> MASVPackage {
        MASVPackage(try await send(.get, RequestPath("v1", "packages", id)).decodeMASV(MASVWire.Package.self))
    }

    /// The package's files in the order they were added (`GET /v1/packages/{id}/files`).
    ///
    /// ```swift
    /// let names = try await handle.files().map(\.name)
    /// ```
    ///
    /// - Returns: The files.
    /// - Throws: `AuthError`.
    public func files() async throws -> [MASVFile] {
        try await send(.get, RequestPath("v1", "packages", id, "files")).decodeMASV([MASVWire.File].self).map(MASVFile.init)
    }
}
