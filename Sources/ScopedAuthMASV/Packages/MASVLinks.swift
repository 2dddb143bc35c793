import Foundation
public import ScopedAuth

/// Download links, opened with their credentials: `client.links`.
///
/// ```swift
/// let download = try await client.links.open(id: linkID, secret: secret)   // PackageHandle<DownloadAccess>
/// ```
public struct MASVLinks: Sendable {
    let connection: MASVConnection

    /// Trades link credentials for the package's download token (`GET /v1/links/{id}?secret=…`).
    ///
    /// The password goes in `X-Link-Password`; the secret in the URL's query, which ScopedAuth never prints. Both
    /// are credentials of the request itself: it goes only to the API's origin over HTTPS, and a redirect elsewhere
    /// is refused with `credentialRedirect`.
    ///
    /// ```swift
    /// let download = try await client.links.open(id: link.id, secret: link.secret, password: Secret("pw"))
    /// ```
    ///
    /// - Parameters:
    ///   - id: The link's id.
    ///   - secret: The link's secret.
    ///   - password: The link's password, when it has one.
    /// - Returns: A handle with a download token.
    /// - Throws: `AuthError`: `invalidCredentials` for a wrong secret, `forbidden` for a wrong password or a link
    ///   whose package is not finalized yet, `notFound` for an unknown or expired link.
    public func open(id: String, secret: Secret, password: Secret? = nil) async throws -> PackageHandle<DownloadAccess> {
        var headers = HTTPHeaders()
        if let password { headers.add(name: "X-Link-Password", value: password.revealed, isSensitive: true) }
        let response = try await connection.send(
            connection.exchange, .get, RequestPath("v1", "links", id),
            query: [URLQueryItem(name: "secret", value: secret.revealed)], headers: headers
        )
        let wire = try response.decodeMASV(MASVWire.RedeemedLink.self)
        return PackageHandle(id: wire.packageId, token: Secret(wire.packageToken), connection: connection)
    }
}
