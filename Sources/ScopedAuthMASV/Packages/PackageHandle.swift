import Foundation
import ScopedAuth

/// One MASV package and the package token that grants `Access` to it.
///
/// The token goes in `X-Package-Token` on requests to the API and nowhere else: it is never readable from
/// outside the handle and never sent to a presigned storage URL. What a handle can do depends on `Access`
/// (see ``PackageAccess``); a call its token may not make does not compile:
///
/// ```swift
/// let package = try await client.packages.create(team: teamID, name: "Rushes")   // PackageHandle<ManagementAccess>
/// let link = try await package.createLink()
/// let download = try await client.links.open(id: link.id, secret: link.secret)   // PackageHandle<DownloadAccess>
/// try await download.download(file: try await download.files()[0], to: destination)
/// // download.delete()   // does not compile: DownloadAccess.Manages is Denied
/// ```
public struct PackageHandle<Access: PackageAccess>: Sendable, Identifiable, CustomStringConvertible {
    /// The package's id.
    public let id: String
    let token: Secret
    let connection: MASVConnection

    init(id: String, token: Secret, connection: MASVConnection) {
        self.id = id
        self.token = token
        self.connection = connection
    }

    /// The pipeline that stamps this handle's package token on API requests.
    var api: HTTPClient { connection.client(token: token, header: "X-Package-Token") }

    /// Sends a package-token request.
    func send(
        _ method: HTTPMethod, _ path: RequestPath, query: [URLQueryItem] = [], json: (any Encodable & Sendable)? = nil,
        isReplayable: Bool = true, bindsCredential: Bool = false
    ) async throws -> HTTPResponse {
        try await connection.send(
            api, method, path, query: query, json: json, isReplayable: isReplayable, bindsCredential: bindsCredential)
    }

    /// The package id and access kind; never the token.
    public var description: String { "PackageHandle<\(Access.self)>(id: \(id), token: <redacted>)" }
}
