/// The string-valued members of a JSON object, read leniently: a member of any other type is skipped, not an error.
///
/// For what services put in error bodies (a message under one of several names, FeathersJS's `data`), where a
/// value of an unexpected type must not hide the rest.
package struct JSONStringMembers: Decodable, Sendable {
    /// Each string-valued member, by name.
    package var fields: [String: String] = [:]

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys {
            if let value = try? container.decode(String.self, forKey: key) { fields[key.stringValue] = value }
        }
    }
}

/// A coding key for any member name: the names a JSON object has, or a name known only at run time.
package struct AnyCodingKey: CodingKey, Sendable {
    package var stringValue: String
    package var intValue: Int? { nil }

    package init(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { nil }
}
