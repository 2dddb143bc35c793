/// Who the credential belongs to: `union Viewer = AccountViewer | ServiceAccountViewer`.
///
/// Service-account secrets and their access tokens answer ``serviceAccount(_:)``; a person's session token
/// answers ``account(_:)``.
///
/// ```swift
/// switch try await client.viewer() {
/// case .serviceAccount(let account): logger.info("\(account.name) \(account.organization.id)")
/// case .account(let person): logger.info("\(person.email)")
/// }
/// ```
public enum MassdriverViewer: Sendable, Hashable, Decodable {
    /// A service account (`ServiceAccountViewer`).
    case serviceAccount(MassdriverServiceAccountViewer)
    /// A person's account (`AccountViewer`).
    case account(MassdriverAccountViewer)

    private enum CodingKeys: String, CodingKey {
        case typename = "__typename"
    }

    /// Decodes by `__typename`.
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing or unknown `__typename`.
    public init(from decoder: any Decoder) throws {
        let typename = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .typename)
        switch typename {
        case "ServiceAccountViewer": self = .serviceAccount(try MassdriverServiceAccountViewer(from: decoder))
        case "AccountViewer": self = .account(try MassdriverAccountViewer(from: decoder))
        default:
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown Viewer type \(typename)"))
        }
    }

    /// The viewer's identifier, whichever kind it is.
    public var id: String {
        switch self {
        case .serviceAccount(let account): account.id
        case .account(let account): account.id
        }
    }
}

/// A service account as `viewer` describes it.
public struct MassdriverServiceAccountViewer: Sendable, Hashable, Decodable {
    /// The service account's identifier.
    public var id: String
    /// Its name.
    public var name: String
    /// Its description, if any.
    public var description: String?
    /// The organization it belongs to.
    public var organization: MassdriverOrganization

    /// Creates a service-account viewer.
    ///
    /// - Parameters:
    ///   - id: The identifier.
    ///   - name: The name.
    ///   - description: The description.
    ///   - organization: The organization.
    public init(id: String, name: String, description: String?, organization: MassdriverOrganization) {
        self.id = id
        self.name = name
        self.description = description
        self.organization = organization
    }
}

/// A person's account as `viewer` describes it.
public struct MassdriverAccountViewer: Sendable, Hashable, Decodable {
    /// The account's identifier.
    public var id: String
    /// The email address.
    public var email: String
    /// The first name, if known.
    public var firstName: String?
    /// The last name, if known.
    public var lastName: String?

    /// Creates an account viewer.
    ///
    /// - Parameters:
    ///   - id: The identifier.
    ///   - email: The email address.
    ///   - firstName: The first name.
    ///   - lastName: The last name.
    public init(id: String, email: String, firstName: String?, lastName: String?) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
    }
}

/// An organization: its identifier (slug) and name.
public struct MassdriverOrganization: Sendable, Hashable, Decodable {
    /// The identifier, such as `acme`.
    public var id: String
    /// The display name.
    public var name: String

    /// Creates an organization.
    ///
    /// - Parameters:
    ///   - id: The identifier.
    ///   - name: The display name.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
