/// One setting of an account, as `GET /accounts/settings` lists it.
///
/// ```swift
/// let settings = try await mudstack.account.settings()
/// let apiAccess = settings.first { $0.key == "api_access" }?.value == .bool(true)
/// ```
public struct MudstackAccountSetting: Decodable, Sendable, Hashable {
    /// The setting's id.
    public var id: String
    /// The account the setting belongs to.
    public var accountID: String?
    /// The setting's name, such as `api_access`.
    public var key: String?
    /// The setting's value, whose type depends on the setting.
    public var value: MudstackJSONValue?

    private enum CodingKeys: String, CodingKey {
        case id, key, value
        case accountID = "account_id"
    }
}
