public import Foundation

/// A path below a service's base URL, built from segments that are each percent-encoded on their own: the one
/// way every ScopedAuth module builds a request URL.
///
/// An identifier is always exactly one segment: `/`, `?`, `#`, `%` and everything else outside the unreserved
/// characters are percent-encoded, and a segment that is empty, `.` or `..` (which servers resolve as path
/// steps even when encoded) or holds a control character is refused with ``AuthError/Kind/invalidRequest`` before
/// anything is sent. A team id of `x/../other-team` therefore names no other team.
///
/// ```swift
/// let url = try RequestPath("v1", "teams", teamID, "packages").url(below: baseURL)
/// ```
public struct RequestPath: Sendable, Hashable, CustomStringConvertible {
    /// The segments, unencoded.
    public private(set) var segments: [String]

    /// A path of `segments`, such as `RequestPath("v1", "packages", id)`.
    public init(_ segments: String...) {
        self.segments = segments
    }

    /// A path of `segments`.
    public init(segments: [String]) {
        self.segments = segments
    }

    /// A fixed path such as `"api/v1"`, split at `/`; use it only for literals, never for identifiers.
    ///
    /// - Parameter literal: Slash-separated fixed segments; a leading or trailing `/` is ignored.
    public init(literal: String) {
        segments = literal.split(separator: "/").map(String.init)
    }

    /// The path with `more` segments appended.
    public func appending(_ more: String...) -> RequestPath {
        RequestPath(segments: segments + more)
    }

    /// `/` and the encoded segments, such as `/v1/teams/x%2F..%2Fy`.
    public var description: String { "/" + segments.map { Self.encode($0) }.joined(separator: "/") }

    /// The absolute URL of this path below `base` (whose own path is kept), with `query`.
    ///
    /// - Parameters:
    ///   - base: The service's base URL, such as `https://api.massive.app`.
    ///   - query: Query parameters; names and values are percent-encoded too (`&`, `=`, `+`, `#` and `;` always).
    ///   - service: The service named in the error.
    /// - Returns: The URL.
    /// - Throws: ``AuthError/Kind/invalidRequest`` for a refused segment or a base URL without scheme or host.
    public func url(below base: URL, query: [URLQueryItem] = [], service: String? = nil) throws(AuthError) -> URL {
        for segment in segments {
            guard !segment.isEmpty, segment != ".", segment != "..",
                !segment.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
            else {
                throw AuthError(
                    .invalidRequest, service: service,
                    detail: "a path segment must be non-empty, not . or .., and without control characters")
            }
        }
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: true), components.host != nil else {
            throw AuthError(.invalidRequest, service: service, detail: "the base URL has no scheme or host")
        }
        var basePath = components.percentEncodedPath
        while basePath.hasSuffix("/") { basePath.removeLast() }
        components.percentEncodedPath = basePath + description
        components.percentEncodedQuery = query.isEmpty ? nil : query.map { item in
            Self.encode(item.name, allowing: Self.queryAllowed) + (item.value.map { "=" + Self.encode($0, allowing: Self.queryAllowed) } ?? "")
        }.joined(separator: "&")
        components.fragment = nil
        guard let url = components.url else {
            throw AuthError(.invalidRequest, service: service, detail: "cannot build a URL for \(description)")
        }
        return url
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// In query names and values, the unreserved characters and `,:@/` stay as they are (lists such as
    /// `ids=a,b`); `&`, `=`, `+`, `#`, `;` and everything else are encoded.
    private static let queryAllowed = unreserved.union(CharacterSet(charactersIn: ",:@/"))

    /// Percent-encodes everything but `allowed` (the unreserved characters of RFC 3986 by default).
    private static func encode(_ text: String, allowing allowed: CharacterSet = unreserved) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
