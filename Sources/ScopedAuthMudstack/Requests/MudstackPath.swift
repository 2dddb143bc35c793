import Foundation
import ScopedAuth

/// A path below the API's base URL, built from fixed segments and caller-supplied identifiers, plus its query.
///
/// Identifiers are checked and percent-encoded one segment at a time, so an id such as `../accounts` or `a/b`
/// cannot reach another endpoint: it is refused before anything is sent.
struct MudstackPath: Sendable {
    private var segments: [String] = []
    private var query: [(name: String, value: String)] = []

    /// Fixed segments, such as `"workspaces", "assets"`.
    init(_ fixed: String...) {
        segments = fixed
    }

    /// Appends an identifier as one path segment.
    ///
    /// - Throws: `AuthError.Kind.invalidRequest` for an empty id, `.`, `..` or control characters.
    func appending(id: String, named name: String) throws(AuthError) -> MudstackPath {
        try Self.validate(id, named: name)
        var path = self
        path.segments.append(id)
        return path
    }

    /// Appends a fixed segment, such as `"tasks"`.
    func appending(_ fixed: String) -> MudstackPath {
        var path = self
        path.segments.append(fixed)
        return path
    }

    /// Adds a query parameter.
    func adding(query name: String, value: String) -> MudstackPath {
        var path = self
        path.query.append((name, value))
        return path
    }

    /// The absolute URL below `baseURL`, built by the core's `RequestPath`: every segment percent-encoded on its
    /// own, and the query's names and values too.
    func url(below baseURL: URL) throws(AuthError) -> URL {
        try RequestPath(segments: segments).url(
            below: baseURL, query: query.map { URLQueryItem(name: $0.name, value: $0.value) },
            service: MudstackClient.serviceName)
    }

    /// Refuses identifiers that would change the path's meaning or could not be sent in a header.
    static func validate(_ id: String, named name: String) throws(AuthError) {
        guard !id.isEmpty, id != ".", id != "..",
            !id.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) })
        else {
            throw AuthError(
                .invalidRequest, service: MudstackClient.serviceName,
                detail: "the \(name) must be a non-empty identifier without control characters, and not . or ..")
        }
    }
}
