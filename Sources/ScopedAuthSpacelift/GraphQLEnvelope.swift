import Foundation
import ScopedAuth

/// The parts of a GraphQL response body that every operation reads: the `errors` list, then `data`.
///
/// They are decoded separately so that a response carrying errors (and a partial or null `data`) is reported by
/// its errors rather than as a decoding failure.
struct GraphQLErrorList: Decodable {
    var errors: [SpaceliftGraphQLError.Entry]?

    private enum CodingKeys: String, CodingKey { case errors }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        errors = try container.decodeIfPresent([LenientEntry].self, forKey: .errors)?.map(\.entry)
    }

    /// One `errors` entry, read leniently: a missing message is empty and path elements may be numbers.
    private struct LenientEntry: Decodable {
        var entry: SpaceliftGraphQLError.Entry

        private enum CodingKeys: String, CodingKey { case message, path }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let message = (try? container.decodeIfPresent(String.self, forKey: .message)) ?? nil
            var path: [String] = []
            if var elements = try? container.nestedUnkeyedContainer(forKey: .path) {
                while !elements.isAtEnd {
                    if let key = try? elements.decode(String.self) {
                        path.append(key)
                    } else if let index = try? elements.decode(Int.self) {
                        path.append(String(index))
                    } else {
                        break
                    }
                }
            }
            entry = SpaceliftGraphQLError.Entry(message: message ?? "", path: path)
        }
    }
}

/// The `data` member of a GraphQL response.
struct GraphQLData<Value: Decodable>: Decodable {
    var data: Value?
}

/// A GraphQL request body: `{"query", "variables", "operationName"?}`.
struct GraphQLBody<Variables: Encodable>: Encodable {
    var query: String
    var variables: Variables
    var operationName: String?
}

/// Variables for an operation that takes none: encodes as `{}`.
struct NoVariables: Encodable, Sendable {
    func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}
