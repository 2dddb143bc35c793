/// A JSON value whose type Mudstack does not fix, such as an account setting's value.
///
/// ```swift
/// if case .string(let role) = setting.value { ... }
/// ```
public enum MudstackJSONValue: Decodable, Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([MudstackJSONValue])
    /// An object.
    case object([String: MudstackJSONValue])

    /// Reads any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([MudstackJSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: MudstackJSONValue].self))
        }
    }
}
