public import Foundation
import ScopedAuth

/// Team packages, reached with the client's user credential: `client.packages`.
///
/// ```swift
/// let upload = client.packages.upload([folder], team: teamID, name: "Rushes")
/// let package = try await upload.value          // PackageHandle<ManagementAccess>
/// ```
public struct MASVPackages: Sendable {
    let connection: MASVConnection
    let user: HTTPClient

    /// Creates an empty team package (`POST /v1/teams/{team_id}/packages`).
    ///
    /// ```swift
    /// let package = try await client.packages.create(team: teamID, name: "Rushes")
    /// ```
    ///
    /// - Parameters:
    ///   - team: The team's id.
    ///   - name: The package's name.
    ///   - description: Its description.
    ///   - recipients: Emails to deliver it to.
    /// - Returns: A handle with the package's management token.
    /// - Throws: `AuthError`: `invalidCredentials` for a bad user credential, `forbidden` for another team.
    public func create(
        team: String, name: String, description: String = "", recipients: [String] = []
    ) async throws -> PackageHandle<ManagementAccess> {
        let body = MASVWire.NewPackage(name: name, description: description, recipients: recipients)
        let response = try await connection.send(user, .post, RequestPath("v1", "teams", team, "packages"), json: body)
        return try Self.handle(response.decodeMASV(MASVWire.Package.self), connection: connection)
    }

    /// Gets a team package with a fresh management token (`GET /v1.1/teams/{team_id}/packages/{package_id}`).
    ///
    /// ```swift
    /// let package = try await client.packages.get(packageID, team: teamID)
    /// ```
    ///
    /// - Parameters:
    ///   - id: The package's id.
    ///   - team: The team's id.
    /// - Returns: A handle with the package's management token.
    /// - Throws: `AuthError`: `notFound` when the team has no such package.
    public func get(_ id: String, team: String) async throws -> PackageHandle<ManagementAccess> {
        let response = try await connection.send(user, .get, RequestPath("v1.1", "teams", team, "packages", id))
        return try Self.handle(response.decodeMASV(MASVWire.Package.self), connection: connection)
    }

    /// Uploads local files and folders as a new team package: create it, add every file, upload the chunks
    /// with bounded parallelism, finalize every file and then the package.
    ///
    /// A folder's files keep their paths relative to the folder's parent. Files are read chunk by chunk, so
    /// memory stays near `chunkSize × parallelism` whatever their size. Nothing is created when a file is
    /// missing; when a file fails, the package is left unfinalized and the error says which file.
    ///
    /// ```swift
    /// let upload = client.packages.upload([URL(filePath: "/footage")], team: teamID, name: "Rushes")
    /// for await progress in upload.progress { logger.info("\(progress.fractionCompleted)") }
    /// let package = try await upload.value
    /// ```
    ///
    /// - Parameters:
    ///   - files: Local file and folder URLs.
    ///   - team: The team's id.
    ///   - name: The package's name.
    ///   - description: Its description.
    ///   - recipients: Emails to deliver it to.
    ///   - options: Chunk size, parallelism, batch size and chunk retries.
    /// - Returns: The running upload: its ``PackageUpload/progress`` and its ``PackageUpload/value``.
    public func upload(
        _ files: [URL], team: String, name: String, description: String = "", recipients: [String] = [],
        options: UploadOptions = UploadOptions()
    ) -> PackageUpload<ManagementAccess> {
        PackageUpload(files: files, options: options, clock: connection.clock) {
            try await create(team: team, name: name, description: description, recipients: recipients)
        }
    }

    static func handle<Access>(_ wire: MASVWire.Package, connection: MASVConnection) throws(AuthError) -> PackageHandle<Access> {
        guard let token = wire.accessToken, !token.isEmpty else {
            throw AuthError(.malformedResponse, service: MASVConnection.service, detail: "the package has no access_token")
        }
        return PackageHandle(id: wire.id, token: Secret(token), connection: connection)
    }
}
