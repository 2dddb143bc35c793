import Foundation
package import ScopedAuth

/// What one root field of a GraphQL operation resolved to.
package enum GraphQLFieldResult {
    /// The field's value (JSON-serialisable; `NSNull()` for null).
    case value(Any)
    /// The field failed: its value is null and `error` (a JSON object with at least `message`) is reported.
    case error([String: Any])
}

extension HTTPResponse {
    /// An HTTP 200 GraphQL answer built from each root field's result, with the failed fields' errors (each
    /// carrying `path: [responseKey]`) in `errors`.
    package static func graphQL(_ results: [(responseKey: String, result: GraphQLFieldResult)]) -> HTTPResponse {
        var data: [String: Any] = [:]
        var errors: [[String: Any]] = []
        for (key, result) in results {
            switch result {
            case .value(let value):
                data[key] = value
            case .error(var error):
                data[key] = NSNull()
                error["path"] = [key]
                errors.append(error)
            }
        }
        var body: [String: Any] = ["data": data]
        if !errors.isEmpty { body["errors"] = errors }
        return .json(body)
    }
}
