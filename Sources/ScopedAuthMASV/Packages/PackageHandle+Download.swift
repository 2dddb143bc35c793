public import Foundation
public import ScopedAuth

/// Downloading: download tokens only.
extension PackageHandle where Access.Downloads == Granted {
    /// A presigned URL that serves the file (`GET /v1/packages/{id}/files/{file_id}/download`).
    ///
    /// The URL itself is the credential: it carries a signature and needs no header.
    ///
    /// ```swift
    /// let url = try await download.downloadURL(for: file)
    /// ```
    ///
    /// - Parameter file: A finalized file of this package.
    /// - Returns: The presigned URL.
    /// - Throws: `AuthError`: `malformedResponse` when the answer holds no usable URL.
    public func downloadURL(for file: MASVFile) async throws -> URL {
        try MASVWire.DownloadURL.read(await send(.get, RequestPath("v1", "packages", id, "files", file.id, "download")))
    }

    /// Downloads a file to `destination`, in ranges of `rangeSize` bytes appended to disk one by one.
    ///
    /// The bytes go to a temporary file next to `destination`, which replaces `destination` only when the
    /// download is complete. No MASV credential goes to the storage URL. A storage server that ignores `Range`
    /// answers the whole file at once, which is written as it is.
    ///
    /// ```swift
    /// let bytes = try await download.download(file: file, to: URL(filePath: "/tmp/a.mov"))
    /// ```
    ///
    /// - Parameters:
    ///   - file: A finalized file of this package.
    ///   - destination: Where to write it; replaced if it exists.
    ///   - rangeSize: The most bytes held in memory at once when the server honours ranges.
    /// - Returns: The number of bytes written.
    /// - Throws: `AuthError` for refused or failed requests and unwritable destinations.
    @discardableResult
    public func download(file: MASVFile, to destination: URL, rangeSize: Int = 8 * 1024 * 1024) async throws -> Int64 {
        let source = try await downloadURL(for: file)
        return try await RangedDownload(connection: connection, source: source, rangeSize: max(1, rangeSize))
            .write(to: destination)
    }
}

extension MASVWire.DownloadURL {
    /// Reads a download answer: the presigned URL, which must be an absolute URL.
    static func read(_ response: HTTPResponse) throws(AuthError) -> URL {
        let wire = try response.decodeMASV(Self.self)
        guard let url = URL(string: wire.url), url.scheme != nil else {
            throw AuthError(.malformedResponse, service: MASVConnection.service, detail: "the download URL is not a URL")
        }
        return url
    }
}
