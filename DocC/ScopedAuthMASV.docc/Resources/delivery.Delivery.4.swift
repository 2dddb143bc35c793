import Foundation
import ScopedAuth
import ScopedAuthMASV

/// Sends folders to MASV and returns links to download them.
public struct Delivery: Sendable {
    let client: MASVClient

    /// Creates a delivery that works with `client`.
    public init(client: MASVClient) {
        self.client = client
    }

    /// Sends `folder` as a package of the user's first team, reporting each confirmed chunk to `report`.
    public func send(
        _ folder: URL, name: String,
        progress report: @escaping @Sendable (UploadProgress) -> Void = { _ in }
    ) async throws -> PackageHandle<ManagementAccess> {
        // The first call signs in (POST /v1/auth); later calls reuse the user token until it is about to expire.
        guard let team = try await client.teams().first else { throw DeliveryError.noTeam }
        let upload = client.packages.upload([folder], team: team.id, name: name)
        let reporting = Task {
            for await progress in upload.progress { report(progress) }
        }
        let package = try await upload.value
        await reporting.value   // the stream ends with the upload: every event is reported before we return
        return package
    }
}

/// Why a delivery failed before MASV could say so.
public enum DeliveryError: Error {
    /// The signed-in user belongs to no team.
    case noTeam
}
