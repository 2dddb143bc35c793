/// A JSON value in an instance's metadata rows.
///
/// Instance rows are objects whose columns hold strings, numbers, booleans or null (and, rarely, nested
/// values). Literals convert directly:
///
/// ```swift
/// let row: [String: MetadataValue] = ["column": "ID", "type": "NUMBER", "nullable": false, "length": 10]
/// ```
public enum MetadataValue: Sendable, Hashable, Codable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    /// A string.
    case string(String)
    /// A whole number.
    case integer(Int)
    /// A number with a fractional part.
    case number(Double)
    /// A boolean.
    case bool(Bool)
    /// An array of values.
    case array([MetadataValue])
    /// An object of values.
    case object([String: MetadataValue])
    /// JSON `null`.
    case null

    /// Creates a string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Creates a whole-number value.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// Creates a fractional-number value.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// Creates a boolean value.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Creates `null`.
    public init(nilLiteral: ()) { self = .null }

    /// Decodes any JSON value.
    ///
    /// - Throws: `DecodingError` when the input is not JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([MetadataValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: MetadataValue].self))
        }
    }

    /// Encodes the value as JSON.
    ///
    /// - Throws: `EncodingError` for a non-finite number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
