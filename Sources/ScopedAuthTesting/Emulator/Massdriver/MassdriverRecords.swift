import Foundation
public import ScopedAuth

/// A service account's credentials on the Massdriver emulator: its organization and secret, for
/// `Authorization: Basic base64(organization:secret)` on `/api/v1` and `/api/v2`.
public struct MassdriverServiceAccount: Sendable, Hashable {
    /// The account's identifier (answered by `viewer`).
    public var id: String
    /// The organization identifier, the Basic user name.
    public var organizationID: String
    /// The account's secret, the Basic password (or the deprecated `x-md-api-key` value on `/api/v1`).
    public var secret: Secret

    /// Creates service-account credentials (for example wrong ones, to test a refusal).
    public init(id: String, organizationID: String, secret: Secret) {
        self.id = id
        self.organizationID = organizationID
        self.secret = secret
    }

    /// The `Authorization` header value `Basic base64(organization:secret)`.
    public var basicAuthorization: String {
        "Basic " + Data("\(organizationID):\(secret.revealed)".utf8).base64EncodedString()
    }
}

/// A project as the Massdriver emulator serves it.
public struct MassdriverProject: Sendable, Hashable {
    /// The project's identifier (its slug).
    public var id: String
    /// The organization that owns it.
    public var organizationID: String
    /// The display name.
    public var name: String
    /// The description, if any.
    public var description: String?

    /// Creates a project record.
    public init(id: String, organizationID: String, name: String, description: String? = nil) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.description = description
    }
}

/// An environment of a project as the Massdriver emulator serves it.
public struct MassdriverEnvironment: Sendable, Hashable {
    /// The environment's identifier, such as `project-01-prod`.
    public var id: String
    /// The organization that owns it.
    public var organizationID: String
    /// The project it belongs to.
    public var projectID: String
    /// The display name.
    public var name: String

    /// Creates an environment record.
    public init(id: String, organizationID: String, projectID: String, name: String) {
        self.id = id
        self.organizationID = organizationID
        self.projectID = projectID
        self.name = name
    }
}
