package import Foundation

/// The GraphQL envelope that Spacelift and Massdriver share: a request body `{"query", "variables",
/// "operationName"}`, and a response whose `errors` are read before its `data`.
///
/// Errors and data are decoded separately (``GraphQLErrorList``, then ``GraphQLData``), so a response carrying
/// errors with a partial or null `data` is reported by its errors, not as a decoding failure. GraphQL services
/// often answer an authentication failure with HTTP 200 and an `errors` entry: only these entries say so.
package enum GraphQLEnvelope {
    /// The `errors` of `response`, or an empty list when it has none.
    ///
    /// - Throws: ``AuthError/Kind/malformedResponse`` when the body is not a JSON object.
    package static func errors(in response: HTTPResponse, service: String) throws(AuthError) -> [GraphQLErrorEntry] {
        try response.decodeJSON(GraphQLErrorList.self, service: service).errors ?? []
    }

    /// The `data` of `response` decoded as `Value`, or `nil` when it is missing or null.
    ///
    /// - Throws: ``AuthError/Kind/malformedResponse`` when `data` does not decode as `Value`.
    package static func data<Value: Decodable>(
        _ type: Value.Type, in response: HTTPResponse, service: String, decoder: JSONDecoder = JSONDecoder()
    ) throws(AuthError) -> Value? {
        try response.decodeJSON(GraphQLData<Value>.self, service: service, decoder: decoder).data
    }
}

/// One entry of a GraphQL `errors` list, read leniently: a missing or mistyped message is `nil`, the code comes
/// from `code` or `extensions.code`, and path elements may be names or indices.
package struct GraphQLErrorEntry: Decodable, Sendable, Hashable {
    /// The message, when the entry has a string one.
    package var message: String?
    /// The machine-readable code (`UNAUTHENTICATED`, `FORBIDDEN`, …), from `code` or `extensions.code`.
    package var code: String?
    /// The path of the field that failed, indices as text.
    package var path: [String]

    /// Creates an entry.
    package init(message: String?, code: String? = nil, path: [String] = []) {
        self.message = message
        self.code = code
        self.path = path
    }

    private enum CodingKeys: String, CodingKey { case message, code, extensions, path }
    private struct Extensions: Decodable { var code: String? }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = (try? container.decodeIfPresent(String.self, forKey: .message)) ?? nil
        let topLevel = (try? container.decodeIfPresent(String.self, forKey: .code)) ?? nil
        let extensions = (try? container.decodeIfPresent(Extensions.self, forKey: .extensions)) ?? nil
        code = topLevel ?? extensions?.code
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
        self.path = path
    }
}

/// The `errors` member of a GraphQL response.
package struct GraphQLErrorList: Decodable, Sendable {
    /// The entries, `nil` when the member is missing or null.
    package var errors: [GraphQLErrorEntry]?
}

/// The `data` member of a GraphQL response.
package struct GraphQLData<Value: Decodable>: Decodable {
    /// The value, `nil` when `data` is missing or null.
    package var data: Value?
}

/// A GraphQL request body: `{"query", "variables"?, "operationName"?}`.
package struct GraphQLRequestBody: Encodable, Sendable {
    /// The document.
    package var query: String
    /// The variables; omitted when `nil` (``GraphQLNoVariables`` encodes as `{}`).
    package var variables: (any Encodable & Sendable)?
    /// The operation to run when the document holds several.
    package var operationName: String?

    /// Creates a body.
    package init(query: String, variables: (any Encodable & Sendable)? = nil, operationName: String? = nil) {
        self.query = query
        self.variables = variables
        self.operationName = operationName
    }

    private enum CodingKeys: String, CodingKey { case query, variables, operationName }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(query, forKey: .query)
        if let variables {
            try variables.encode(to: container.superEncoder(forKey: .variables))
        }
        try container.encodeIfPresent(operationName, forKey: .operationName)
    }

    /// A replayable JSON `POST` of this body to `url`.
    ///
    /// - Throws: ``AuthError/Kind/invalidRequest`` when the variables cannot be encoded.
    package func request(to url: URL, service: String) throws(AuthError) -> HTTPRequest {
        let body: Data
        do {
            body = try JSONEncoder().encode(self)
        } catch {
            throw AuthError(.invalidRequest, service: service, detail: "the GraphQL variables could not be encoded")
        }
        return HTTPRequest(method: .post, url: url,
                           headers: ["Content-Type": "application/json", "Accept": "application/json"], body: body)
    }
}

/// Variables for an operation that takes none: encodes as `{}`.
package struct GraphQLNoVariables: Encodable, Sendable {
    /// Creates the empty variables.
    package init() {}

    package func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}
