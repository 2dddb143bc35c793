public import Foundation
package import ScopedAuth

/// Names one emulated service (or MASV's separate storage origin).
public struct EmulatedServiceID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The service's name.
    public var rawValue: String
    /// Creates an identifier.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The MASV API (`api.massive.app`).
    public static let masv = EmulatedServiceID(rawValue: "MASV")
    /// MASV's presigned storage origin, where chunks are PUT; it refuses any MASV credential header.
    public static let masvStorage = EmulatedServiceID(rawValue: "MASV storage")
    /// Spacelift's GraphQL API.
    public static let spacelift = EmulatedServiceID(rawValue: "Spacelift")
    /// Massdriver's GraphQL API.
    public static let massdriver = EmulatedServiceID(rawValue: "Massdriver")
    /// Mudstack's REST API.
    public static let mudstack = EmulatedServiceID(rawValue: "Mudstack")
    /// MetaKraftwerk's REST API.
    public static let metaKraftwerk = EmulatedServiceID(rawValue: "MetaKraftwerk")
    /// The service's name.
    public var description: String { rawValue }
}

/// One emulated service: it answers requests synchronously against its own state.
///
/// Implementations keep their state behind their own lock; ``respond(to:context:)`` may be called from many
/// tasks at once. Latency, injected faults, the `Date` header and request counting are added around it by
/// ``Emulator``, so a service only models the documented contract.
package protocol EmulatedService: AnyObject, Sendable {
    /// Which service this is.
    var id: EmulatedServiceID { get }
    /// Answers one request.
    func respond(to request: EmulatorRequest, context: EmulatorContext) -> HTTPResponse
    /// An error response in this service's documented shape, used by the emulator for injected status faults
    /// and for the checks it makes for every service (body size, content type).
    func errorResponse(status: Int, message: String) -> HTTPResponse
}

extension EmulatedService {
    /// `{"message": "..."}` with the given status: MASV's shape, and a sensible default.
    package func errorResponse(status: Int, message: String) -> HTTPResponse {
        HTTPResponse.json(status: status, ["message": message])
    }
}

extension HTTPResponse {
    /// A JSON response from a JSON-serialisable value (`[String: Any]`, `[Any]`, `String`, `NSNull`, numbers).
    package static func json(status: Int = 200, _ value: Any, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = "application/json"
        let body =
            (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])) ?? Data()
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}

/// A request as an emulated service sees it: the raw request plus its path and query already split.
package struct EmulatorRequest: Sendable {
    /// The request as sent.
    package var http: HTTPRequest
    /// The path's components without empty segments, percent-decoded (`/v1/packages/X` → `["v1","packages","X"]`).
    package var pathComponents: [String]
    /// The query items by name (the last value wins).
    package var query: [String: String]

    package init(_ http: HTTPRequest) {
        self.http = http
        let components = URLComponents(url: http.url, resolvingAgainstBaseURL: false)
        let path = components?.percentEncodedPath ?? http.url.path
        pathComponents = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        self.query = query
    }

    /// The method.
    package var method: HTTPMethod { http.method }
    /// The path, for error messages and counters.
    package var path: String { "/" + pathComponents.joined(separator: "/") }
    /// A header's value.
    package func header(_ name: String) -> String? { http.headers[name] }
    /// The bearer token of an `Authorization: Bearer …` header.
    package var bearerToken: String? {
        guard let value = header("Authorization"), value.count > 7,
            value.prefix(7).lowercased() == "bearer "
        else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
    /// Whether the request declares a JSON body (`Content-Type: application/json`, parameters allowed).
    package var hasJSONContentType: Bool {
        header("Content-Type")?.lowercased().hasPrefix("application/json") ?? false
    }
    /// The body parsed as a JSON object, or `nil` when absent or not an object.
    package func jsonObject() -> [String: Any]? {
        guard let body = http.body, !body.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
    /// The body decoded as `T`, or `nil` when absent or not decodable.
    package func decode<T: Decodable>(_ type: T.Type) -> T? {
        guard let body = http.body else { return nil }
        return try? JSONDecoder().decode(T.self, from: body)
    }
}

/// What an emulated service may use while answering: the server's clock, the token mint and the counters.
package struct EmulatorContext: Sendable {
    /// The service's wall clock now (the emulator's clock plus any injected server skew).
    package var now: Date
    /// Mints JWT-shaped tokens.
    package var mint: TokenMint
    /// Counters that tests assert on.
    package var counters: EmulatorCounters
    /// Where each service lives (MASV needs the storage origin to presign chunk URLs).
    package var origins: EmulatorOrigins

    package init(now: Date, mint: TokenMint, counters: EmulatorCounters, origins: EmulatorOrigins) {
        self.now = now
        self.mint = mint
        self.counters = counters
        self.origins = origins
    }
}

/// The base URL of every emulated service.
///
/// The defaults are the services' real hosts (requests never leave the process through `EmulatorTransport`);
/// the Examples package serves the emulator over loopback with `loopback(portBase:)`.
public struct EmulatorOrigins: Sendable, Hashable {
    /// MASV API base, such as `https://api.massive.app`.
    public var masv: URL
    /// MASV storage origin for presigned chunk URLs.
    public var masvStorage: URL
    /// Spacelift account endpoint, such as `https://example.app.spacelift.io`.
    public var spacelift: URL
    /// Massdriver API base, such as `https://api.massdriver.cloud`.
    public var massdriver: URL
    /// Mudstack API base, such as `https://api.mudstack.com`.
    public var mudstack: URL
    /// MetaKraftwerk base, such as `https://app.metakraftwerk.com`.
    public var metaKraftwerk: URL

    /// Creates origins from explicit base URLs.
    public init(masv: URL, masvStorage: URL, spacelift: URL, massdriver: URL, mudstack: URL, metaKraftwerk: URL) {
        self.masv = masv
        self.masvStorage = masvStorage
        self.spacelift = spacelift
        self.massdriver = massdriver
        self.mudstack = mudstack
        self.metaKraftwerk = metaKraftwerk
    }

    /// The services' real hosts, with MASV storage on `https://masv-storage.s3.amazonaws.com`.
    public static let production = EmulatorOrigins(
        masv: URL(string: "https://api.massive.app")!,
        masvStorage: URL(string: "https://masv-storage.s3.amazonaws.com")!,
        spacelift: URL(string: "https://example.app.spacelift.io")!,
        massdriver: URL(string: "https://api.massdriver.cloud")!,
        mudstack: URL(string: "https://api.mudstack.com")!,
        metaKraftwerk: URL(string: "https://app.metakraftwerk.com")!
    )

    /// Every service on its own loopback port: `portBase` for MASV, +1 storage, +2 Spacelift, +3 Massdriver,
    /// +4 Mudstack, +5 MetaKraftwerk.
    public static func loopback(portBase: Int, host: String = "127.0.0.1") -> EmulatorOrigins {
        func url(_ offset: Int) -> URL { URL(string: "http://\(host):\(portBase + offset)")! }
        return EmulatorOrigins(
            masv: url(0), masvStorage: url(1), spacelift: url(2), massdriver: url(3), mudstack: url(4),
            metaKraftwerk: url(5)
        )
    }

    /// Every service with its base URL.
    public var all: [(EmulatedServiceID, URL)] {
        [(.masv, masv), (.masvStorage, masvStorage), (.spacelift, spacelift), (.massdriver, massdriver),
         (.mudstack, mudstack), (.metaKraftwerk, metaKraftwerk)]
    }
}
