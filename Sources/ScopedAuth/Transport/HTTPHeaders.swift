/// An ordered, case-insensitive collection of HTTP header fields that redacts credentials when printed.
///
/// Fields whose names carry credentials (`Authorization`, `X-API-KEY`, `X-User-Token`, `X-Package-Token`,
/// `X-Transfer-Token`, `X-Link-Password`, `x-md-api-key`, `Cookie`, `Proxy-Authorization`) and any field added
/// with `isSensitive: true` print as `<redacted>`.
///
/// ```swift
/// var headers = HTTPHeaders()
/// headers["Content-Type"] = "application/json"
/// headers.add(name: "X-Custom-Key", value: key, isSensitive: true)
/// ```
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    /// One header field.
    public struct Field: Sendable, Hashable {
        /// The field name as it was given.
        public var name: String
        /// The field value.
        public var value: String
        /// Whether the value is a credential that must never be printed or sent to another origin.
        public var isSensitive: Bool
    }

    private var fields: [Field]

    /// Header names that carry credentials in the services ScopedAuth speaks to, lowercased.
    public static let credentialHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-user-token",
        "x-package-token", "x-transfer-token", "x-link-password", "x-md-api-key",
    ]

    /// Creates an empty header collection.
    public init() { fields = [] }

    /// Creates headers from name-value pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = []
        for (name, value) in elements { add(name: name, value: value) }
    }

    /// The value of the first field named `name` (case-insensitively); setting replaces every such field,
    /// and setting `nil` removes them.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveEquals(name) }?.value }
        set {
            remove(name: name)
            if let newValue { add(name: name, value: newValue) }
        }
    }

    /// Appends a field.
    ///
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The field value.
    ///   - isSensitive: Whether the value is a credential; well-known credential headers are always sensitive.
    public mutating func add(name: String, value: String, isSensitive: Bool = false) {
        let sensitive = isSensitive || Self.isCredentialName(name)
        fields.append(Field(name: name, value: value, isSensitive: sensitive))
    }

    /// Whether `name` is one of ``credentialHeaderNames``, compared without lowercasing a copy (this runs for every
    /// field of every response).
    private static func isCredentialName(_ name: String) -> Bool {
        credentialHeaderNameList.contains { $0.caseInsensitiveEquals(name) }
    }

    private static let credentialHeaderNameList = Array(credentialHeaderNames)

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    /// Removes every sensitive field, as done before a request leaves for another origin.
    public mutating func removeSensitive() {
        fields.removeAll(where: \.isSensitive)
    }

    /// Whether any field carries a credential.
    public var containsSensitive: Bool { fields.contains(where: \.isSensitive) }

    /// The values of every field named `name`.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { $0.name.caseInsensitiveEquals(name) }
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The fields with sensitive values redacted.
    public var description: String {
        "[" + fields.map { "\($0.name): \($0.isSensitive ? "<redacted>" : $0.value)" }.joined(separator: ", ") + "]"
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror of the redacted fields, so `dump` shows no credential.
    public var customMirror: Mirror {
        Mirror(
            self,
            unlabeledChildren: fields.map { "\($0.name): \($0.isSensitive ? "<redacted>" : $0.value)" },
            displayStyle: .collection
        )
    }
}

extension String {
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        for (a, b) in zip(utf8, other.utf8) where a != b {
            let la = (a >= 65 && a <= 90) ? a + 32 : a
            let lb = (b >= 65 && b <= 90) ? b + 32 : b
            if la != lb { return false }
        }
        return true
    }
}
