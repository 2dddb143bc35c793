import Foundation
import ScopedAuth
import ScopedAuthMASV

/// Sends folders to MASV and returns links to download them.
public struct Delivery: Sendable {
    let client: MASVClient
    let options: UploadOptions

    /// Creates a delivery that works with `client`, sending eight chunks at a time unless `options` say otherwise.
    public init(client: MASVClient, options: UploadOptions = UploadOptions(parallelism: 8)) {
        self.client = client
        self.options = options
    }

    /// Sends `folder` as a package of the user's first team, reporting each confirmed chunk to `report`, and
    /// returns the address of a download link.
    public func send(
        _ folder: URL, name: String,
        progress report: @escaping @Sendable (UploadProgress) -> Void = { _ in }
    ) async throws -> URL {
        // The first call signs in (POST /v1/auth); later calls reuse the user token until it is about to expire.
        guard let team = try await client.teams().first else { throw DeliveryError.noTeam }
        let upload = client.packages.upload([folder], team: team.id, name: name, options: options)
        let reporting = Task {
            for await progress in upload.progress { report(progress) }
        }
        let package = try await upload.value
        await reporting.value   // the stream ends with the upload: every event is reported before we return
        let link = try await package.createLink()
        return try Self.address(of: link)
    }

    /// MASV's download page for a link: `https://get.massive.app/{id}?secret={secret}`.
    static func address(of link: MASVLink) throws -> URL {
        var components = URLComponents()
        components.scheme = "https"
        components.host = "get.massive.app"
        components.path = "/" + link.id
        components.queryItems = [URLQueryItem(name: "secret", value: link.secret.revealed)]
        guard let url = components.url else { throw DeliveryError.invalidLink }
        return url
    }
}

/// Why a delivery failed before MASV could say so.
public enum DeliveryError: Error {
    /// The signed-in user belongs to no team.
    case noTeam
    /// MASV answered a link whose id or secret makes no address.
    case invalidLink
}
