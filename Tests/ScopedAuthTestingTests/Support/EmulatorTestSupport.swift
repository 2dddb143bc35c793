import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// Builds raw requests and reads raw answers, so the emulator is tested without any service client.
enum Raw {
    /// A `POST` with a JSON body and `Content-Type: application/json`.
    static func postJSON(_ url: URL, _ body: [String: Any], headers: HTTPHeaders = [:]) -> HTTPRequest {
        var headers = headers
        headers["Content-Type"] = "application/json"
        let data = (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
        return HTTPRequest(method: .post, url: url, headers: headers, body: data)
    }

    /// A GraphQL request `{query, variables}` to `url`, with an optional bearer token.
    static func graphQL(
        _ url: URL,
        _ query: String,
        variables: [String: Any] = [:],
        bearer: String? = nil,
        headers: HTTPHeaders = [:]
    ) -> HTTPRequest {
        var headers = headers
        if let bearer { headers["Authorization"] = "Bearer \(bearer)" }
        return postJSON(url, ["query": query, "variables": variables], headers: headers)
    }

    /// The body as a JSON object; fails the test when it is not one.
    static func json(_ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [String: Any]
    {
        let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        return try #require(object, "body is not a JSON object: \(String(decoding: response.body, as: UTF8.self))",
            sourceLocation: sourceLocation)
    }

    /// The body as compact text with sorted keys, for comparing whole shapes.
    static func canonical(_ response: HTTPResponse) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return "<not JSON: \(String(decoding: response.body, as: UTF8.self))>" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON payload text of a JWT-shaped token.
    static func jwtPayload(_ token: String) -> String? {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let data = Data(base64URLEncoded: parts[1]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension URL {
    /// `self` with `path` appended (paths start with `/`).
    func at(_ path: String) -> URL {
        var text = absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text + path) ?? self
    }
}
