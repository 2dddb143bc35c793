public import Foundation
import ScopedAuth

/// Portal packages, created without user authentication: `client.portals`.
///
/// A portal package's token is upload-only: it adds files and finalizes, nothing else.
///
/// ```swift
/// let portalID = try await client.portals.resolve(subdomain: "acme")
/// let upload = client.portals.upload([file], portal: portalID, name: "Submission", sender: "me@studio.tv")
/// let package = try await upload.value          // PackageHandle<UploadOnlyAccess>
/// ```
public struct MASVPortals: Sendable {
    let connection: MASVConnection

    /// The id of the portal at `subdomain` (`GET /v1/subdomains/portals/{subdomain}`).
    ///
    /// - Parameter subdomain: The portal's subdomain.
    /// - Returns: The portal's id.
    /// - Throws: `AuthError`: `notFound` for an unknown subdomain.
    public func resolve(subdomain: String) async throws -> String {
        let response = try await connection.send(connection.client(source: nil), .get, RequestPath("v1", "subdomains", "portals", subdomain))
        return try response.decodeMASV(MASVWire.Portal.self).id
    }

    /// Creates a package on a portal (`POST /v1/portals/{portal_id}/packages`, no user credential).
    ///
    /// ```swift
    /// let package = try await client.portals.createPackage(portal: portalID, name: "Submission", sender: "me@a.tv")
    /// ```
    ///
    /// - Parameters:
    ///   - portal: The portal's id.
    ///   - name: The package's name.
    ///   - sender: The sender's email.
    ///   - description: Its description.
    /// - Returns: A handle with the package's upload-only token.
    /// - Throws: `AuthError`: `notFound` for an unknown portal.
    public func createPackage(
        portal: String, name: String, sender: String, description: String = ""
    ) async throws -> PackageHandle<UploadOnlyAccess> {
        let body = MASVWire.NewPortalPackage(name: name, sender: sender, description: description)
        let response = try await connection.send(connection.client(source: nil), .post, RequestPath("v1", "portals", portal, "packages"), json: body)
        return try MASVPackages.handle(response.decodeMASV(MASVWire.Package.self), connection: connection)
    }

    /// Uploads local files and folders as a new portal package, exactly as
    /// ``MASVPackages/upload(_:team:name:description:recipients:options:)`` does for a team.
    ///
    /// ```swift
    /// let package = try await client.portals.upload([file], portal: portalID, name: "Drop", sender: "a@b.tv").value
    /// ```
    ///
    /// - Parameters:
    ///   - files: Local file and folder URLs.
    ///   - portal: The portal's id.
    ///   - name: The package's name.
    ///   - sender: The sender's email.
    ///   - options: Chunk size, parallelism, batch size and chunk retries.
    /// - Returns: The running upload.
    public func upload(
        _ files: [URL], portal: String, name: String, sender: String, options: UploadOptions = UploadOptions()
    ) -> PackageUpload<UploadOnlyAccess> {
        PackageUpload(files: files, options: options, clock: connection.clock) {
            try await createPackage(portal: portal, name: name, sender: sender)
        }
    }
}
