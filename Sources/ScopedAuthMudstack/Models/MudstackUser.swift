/// A person as Mudstack embeds them in members, roles, versions and history.
public struct MudstackUser: Decodable, Sendable, Hashable {
    /// The user's id.
    public var id: String
    /// The user's email address.
    public var email: String?
    /// The user's first name.
    public var firstName: String?
    /// The user's last name.
    public var lastName: String?
    /// The user's identity at Mudstack's sign-in provider (Auth0).
    public var auth0UserID: String?

    private enum CodingKeys: String, CodingKey {
        case id, email, auth0UserID
        case firstName = "first_name"
        case lastName = "last_name"
    }
}
