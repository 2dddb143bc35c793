import Foundation
import ScopedAuth

/// Reads a GraphQL response: HTTP failures and `errors` become typed errors, `data.<field>` becomes a value.
struct GraphQLResponseReader {
    let response: HTTPResponse

    private static let service = MassdriverClientService.name

    /// The decoded `data.<rootField>`.
    ///
    /// - Throws: ``AuthError`` for an HTTP failure, an authentication, permission or not-found code, or a body
    ///   that cannot be read; ``MassdriverGraphQLError`` for any other GraphQL error.
    func value<Result: Decodable>(of rootField: String, as type: Result.Type) throws -> Result {
        guard response.isSuccess else { throw httpError() }
        let errors = try GraphQLEnvelope.errors(in: response, service: Self.service)
        if !errors.isEmpty { throw Self.error(for: errors, status: response.status) }
        let decoder = JSONDecoder()
        decoder.userInfo[DataBody<Result>.rootFieldKey] = rootField
        guard let value = try response.decodeJSON(DataBody<Result>.self, service: Self.service, decoder: decoder).value
        else {
            throw AuthError(.malformedResponse, status: response.status, service: Self.service,
                            detail: "data.\(rootField) is missing or null")
        }
        return value
    }

    /// The error for a non-2xx answer: the kind its status implies, with the first GraphQL message if any.
    private func httpError() -> AuthError {
        let error = response.error(service: Self.service)
        guard let entries = try? GraphQLEnvelope.errors(in: response, service: Self.service), let first = entries.first
        else {
            return error
        }
        return AuthError(error.kind, status: error.status, serviceMessage: Self.message(of: first), service: error.service,
                         retryAfter: error.retryAfter)
    }

    /// The typed error for a non-empty `errors` array: the first error with a known code decides.
    static func error(for entries: [GraphQLErrorEntry], status: Int) -> any Error {
        for entry in entries {
            guard let kind = kind(forCode: entry.code) else { continue }
            let path = entry.path.isEmpty ? "" : " at \(entry.path.joined(separator: "."))"
            return AuthError(kind, status: status, serviceMessage: message(of: entry), service: service,
                             detail: "GraphQL \(entry.code ?? "")\(path)")
        }
        return MassdriverGraphQLError(
            entries: entries.map { MassdriverGraphQLError.Entry(code: $0.code, message: message(of: $0), path: $0.path) })
    }

    /// An entry's message, or `GraphQL error` when it has none.
    static func message(of entry: GraphQLErrorEntry) -> String {
        entry.message ?? "GraphQL error"
    }

    /// The ``AuthError`` kind of a documented GraphQL code, `nil` for any other.
    static func kind(forCode code: String?) -> AuthError.Kind? {
        switch code?.uppercased() {
        case "UNAUTHENTICATED": .invalidCredentials
        case "FORBIDDEN", "PERMISSION_DENIED": .forbidden
        case "NOT_FOUND": .notFound
        default: nil
        }
    }

    /// `{"data": {"<rootField>": Result}}`, reading only the root field named in the decoder's user info.
    struct DataBody<Value: Decodable>: Decodable {
        static var rootFieldKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "massdriver.rootField")! }

        var value: Value?

        private enum CodingKeys: String, CodingKey {
            case data
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let rootField = decoder.userInfo[Self.rootFieldKey] as? String, container.contains(.data),
                try !container.decodeNil(forKey: .data)
            else {
                value = nil
                return
            }
            let data = try container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .data)
            value = try data.decodeIfPresent(Value.self, forKey: AnyCodingKey(stringValue: rootField))
        }
    }
}
