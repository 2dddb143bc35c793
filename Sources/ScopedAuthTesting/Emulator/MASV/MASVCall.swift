import Foundation
import ScopedAuth

/// One request being answered by a MASV route: the request, the server's context, the account's limits and the
/// path segments the route's wildcards captured.
struct MASVCall {
    var request: EmulatorRequest
    var context: EmulatorContext
    var configuration: MASVConfiguration
    var captures: [String]

    var now: Date { context.now }

    /// The `index`th wildcard of the route's pattern (routes always capture what they read).
    func capture(_ index: Int) -> String { captures.indices.contains(index) ? captures[index] : "" }

    /// The JSON object body; an absent or empty body reads as `{}`, anything that is not an object is a 400.
    func body() throws(MASVFailure) -> [String: Any] {
        guard let data = request.http.body, !data.isEmpty else { return [:] }
        guard let object = request.jsonObject() else { throw .badRequest("request body must be a JSON object") }
        return object
    }

    /// An optional string field; present with another type is a 400.
    func string(_ key: String, in body: [String: Any]) throws(MASVFailure) -> String? {
        guard let value = body[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw .badRequest("\(key) must be a string") }
        return text
    }

    /// Whether a parsed JSON value is `true` or `false`. Foundation bridges every JSON number to a value that
    /// `is Bool` accepts, so the number's storage type decides.
    static func isBoolean(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return value is Bool }
        return String(cString: number.objCType) == "c"
    }

    /// A required, non-empty string field.
    func requiredString(_ key: String, in body: [String: Any]) throws(MASVFailure) -> String {
        guard let text = try string(key, in: body), !text.isEmpty else { throw .badRequest("\(key) is required") }
        return text
    }

    /// An optional integer field (a JSON number without a fraction); present with another type is a 400.
    func integer(_ key: String, in body: [String: Any]) throws(MASVFailure) -> Int? {
        guard let value = body[key], !(value is NSNull) else { return nil }
        return try Self.integer(value, name: key)
    }

    static func integer(_ value: Any, name: String) throws(MASVFailure) -> Int {
        if isBoolean(value) { throw .badRequest("\(name) must be an integer") }
        if let number = value as? Int { return number }
        if let number = value as? Double, number.rounded() == number, abs(number) < 9e15 { return Int(number) }
        throw .badRequest("\(name) must be an integer")
    }
}

/// How the emulator writes and reads MASV's ISO 8601 timestamps (`2026-01-01T00:00:00.000Z`).
enum MASVTimestamp {
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    static func format(_ date: Date?) -> Any { date.map { format($0) as Any } ?? NSNull() }
}
