import Foundation
import ScopedAuth

extension SpaceliftClient {
    /// Runs a GraphQL operation with variables and decodes its `data`.
    ///
    /// The token goes on the request (refreshed first if needed); an "unauthorized" answer or HTTP 401 causes one
    /// refresh and one replay for a session client. Define `Response` to mirror the operation's `data` object.
    ///
    /// ```swift
    /// struct StackNames: Decodable { struct Stack: Decodable { var name: String }; var stacks: [Stack] }
    /// let names = try await client.execute(
    ///     "query Names($first: Int) { stacks { name } }", variables: ["first": 10], as: StackNames.self)
    /// ```
    ///
    /// - Parameters:
    ///   - query: The operation's document.
    ///   - variables: The operation's variables, encoded as a JSON object.
    ///   - operationName: The operation to run when the document holds several.
    ///   - type: The type of the `data` object.
    /// - Returns: The decoded `data`.
    /// - Throws: ``SpaceliftGraphQLError`` carrying the messages when the service answers with errors;
    ///   `AuthError`: `AuthError.Kind.tokenRejected` when the token is still refused after
    ///   the replay (or, for a static token, at once), `AuthError.Kind.malformedResponse` for a body
    ///   that does not decode, the kind implied by an HTTP error status, and the session's errors.
    public func execute<Variables: Encodable & Sendable, Response: Decodable>(
        _ query: String,
        variables: Variables,
        operationName: String? = nil,
        as type: Response.Type = Response.self
    ) async throws -> Response {
        let request = try GraphQLRequestBody(query: query, variables: variables, operationName: operationName)
            .request(to: graphQLURL, service: SpaceliftService.name)
        try checkRunning()
        let response = try await http.send(request)
        return try Self.decode(response, as: Response.self)
    }

    /// Runs a GraphQL operation without variables and decodes its `data`.
    ///
    /// ```swift
    /// struct Me: Decodable { struct Viewer: Decodable { var id: String }; var viewer: Viewer }
    /// let me = try await client.execute("{ viewer { id } }", as: Me.self)
    /// ```
    ///
    /// - Parameters:
    ///   - query: The operation's document.
    ///   - operationName: The operation to run when the document holds several.
    ///   - type: The type of the `data` object.
    /// - Returns: The decoded `data`.
    /// - Throws: The same errors as ``execute(_:variables:operationName:as:)``.
    public func execute<Response: Decodable>(
        _ query: String,
        operationName: String? = nil,
        as type: Response.Type = Response.self
    ) async throws -> Response {
        try await execute(query, variables: GraphQLNoVariables(), operationName: operationName, as: type)
    }

    /// Reads a GraphQL response: HTTP errors, then the `errors` list, then `data`.
    static func decode<Response: Decodable>(_ response: HTTPResponse, as type: Response.Type) throws -> Response {
        guard response.isSuccess else {
            var error = SpaceliftService.statusError(response)
            if response.status == 401 { error.kind = .tokenRejected }
            throw error
        }
        let errors = try GraphQLEnvelope.errors(in: response, service: SpaceliftService.name)
            .map(SpaceliftGraphQLError.Entry.init)
        if !errors.isEmpty {
            if SpaceliftAuthFailure.isUnauthorized(errors) {
                throw AuthError(.tokenRejected, status: response.status,
                                serviceMessage: errors.map(\.message).joined(separator: "; "),
                                service: SpaceliftService.name, detail: "the token was not accepted")
            }
            throw SpaceliftGraphQLError(errors: errors)
        }
        guard let data = try GraphQLEnvelope.data(Response.self, in: response, service: SpaceliftService.name) else {
            throw AuthError(.malformedResponse, status: response.status, service: SpaceliftService.name,
                            detail: "the response has neither data nor errors")
        }
        return data
    }
}
