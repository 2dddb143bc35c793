public import Foundation
public import ScopedAuth

/// Uploading into a package: management and upload-only tokens.
extension PackageHandle where Access.Uploads == Granted {
    /// Uploads local files and folders into this package, then finalizes it (unless the options say not to).
    ///
    /// It works the same for a management and an upload-only handle; see
    /// ``MASVPackages/upload(_:team:name:description:recipients:options:)``.
    ///
    /// ```swift
    /// let portalPackage = try await client.portals.createPackage(portal: id, name: "Drop", sender: "a@b.tv")
    /// let done = try await portalPackage.upload([file]).value
    /// ```
    ///
    /// - Parameters:
    ///   - files: Local file and folder URLs.
    ///   - options: Chunk size, parallelism, batch size and chunk retries.
    /// - Returns: The running upload.
    public func upload(_ files: [URL], options: UploadOptions = UploadOptions()) -> PackageUpload<Access> {
        PackageUpload(existing: self, files: files, options: options, clock: connection.clock)
    }

    /// Finalizes the package (`POST /v1/packages/{id}/finalize`): it is locked afterwards.
    ///
    /// ```swift
    /// try await handle.finalize()
    /// ```
    ///
    /// - Returns: The finalized package.
    /// - Throws: `AuthError`: `conflict` when it is already finalized or a file is not.
    @discardableResult
    public func finalize() async throws -> MASVPackage {
        MASVPackage(try await send(.post, RequestPath("v1", "packages", id, "finalize")).decodeMASV(MASVWire.Package.self))
    }
}
