/// A Mudstack account (a customer organisation), as `GET /accounts` lists it.
///
/// Mudstack does not document this object's fields; the ones read here are optional except ``id``, and fields
/// the SDK does not know are ignored.
public struct MudstackAccount: Decodable, Sendable, Hashable {
    /// The account's id, sent as `x-account-id`.
    public var id: String
    /// The account's display name.
    public var name: String?
    /// The id of the user who owns the account.
    public var ownerUserID: String?
    /// The account's plan, such as `enterprise`.
    public var plan: String?
    /// Mudstack's ordering number.
    public var sequence: Int?

    private enum CodingKeys: String, CodingKey {
        case id, name, plan, sequence
        case ownerUserID = "owner_user_id"
    }
}
