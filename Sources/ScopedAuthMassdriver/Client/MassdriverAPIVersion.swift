public import ScopedAuth

/// Which GraphQL endpoint a client posts to: `/api/v1` or `/api/v2`.
///
/// The versions exist only for the credentials that the endpoint accepts, so a mismatch does not compile:
/// `.v1` requires a credential whose ``MassdriverCredential/AcceptedOnV1`` is `Granted`, and `.v2` one whose
/// ``MassdriverCredential/AcceptedOnV2`` is.
///
/// ```swift
/// let client = MassdriverClient(credential: serviceAccount, apiVersion: .v2)
/// // MassdriverClient(credential: accessToken, apiVersion: .v1)   // does not compile
/// ```
public struct MassdriverAPIVersion<Credential: MassdriverCredential>: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case v1
        case v2
    }

    let storage: Storage

    init(_ storage: Storage) { self.storage = storage }

    /// The endpoint's path below the base URL, such as `/api/v1`.
    public var path: String {
        switch storage {
        case .v1: "/api/v1"
        case .v2: "/api/v2"
        }
    }

    /// The endpoint's path.
    public var description: String { path }
}

extension MassdriverAPIVersion where Credential.AcceptedOnV1 == Granted {
    /// `POST /api/v1`: service-account secrets (Basic) and the deprecated `x-md-api-key`.
    public static var v1: Self { Self(.v1) }
}

extension MassdriverAPIVersion where Credential.AcceptedOnV2 == Granted {
    /// `POST /api/v2`: `md_` access tokens (Bearer) and service-account secrets (Basic).
    public static var v2: Self { Self(.v2) }
}
