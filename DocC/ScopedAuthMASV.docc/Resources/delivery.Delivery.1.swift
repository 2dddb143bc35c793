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
}
