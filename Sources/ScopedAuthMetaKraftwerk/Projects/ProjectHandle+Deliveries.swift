public import Foundation
public import ScopedAuth

/// Deliveries: listing and downloading build results need ``ProjectRole/ReadsDeliveries``.
extension ProjectHandle where Role.ReadsDeliveries == Granted {
    /// Lists the result files of one of the project's builds (none until it has finished).
    ///
    /// ```swift
    /// let files = try await project.downloads(ofBuild: build.id)
    /// ```
    /// - Parameter buildID: The build's id.
    /// - Returns: The build's result files.
    /// - Throws: ``ProjectPermissionError`` when the server finds `read_deliveries` missing,
    ///   `AuthError` for other failures.
    public func downloads(ofBuild buildID: Int) async throws -> [BuildDownload] {
        try await api.get(
            [BuildDownload].self, ["downloads"], query: [("build_id", String(buildID))],
            permission: .readDeliveries, projectID: id)
    }

    /// Downloads a result file to `destination` (`GET /api/v1/downloads/{id}/file`).
    ///
    /// The bytes are written to a temporary file beside `destination` and moved into place in one step, so
    /// `destination` never holds a partial file; an existing file there is replaced.
    ///
    /// ```swift
    /// let file = try await project.download(files[0], to: folder.appending(path: files[0].name))
    /// ```
    /// - Parameters:
    ///   - download: The result file, from ``downloads(ofBuild:)``.
    ///   - destination: The file URL to write.
    /// - Returns: `destination`.
    /// - Throws: ``ProjectPermissionError`` when the server finds `read_deliveries` missing,
    ///   `AuthError` for other failures, or a Foundation file error when writing fails.
    @discardableResult
    public func download(_ download: BuildDownload, to destination: URL) async throws -> URL {
        let bytes = try await api.bytes(
            ["downloads", String(download.id), "file"], permission: .readDeliveries, projectID: id)
        try bytes.write(to: destination, options: .atomic)
        return destination
    }
}
