import Foundation
import ScopedAuth

/// The JSON body `{"query", "variables"}` of a GraphQL POST.
struct GraphQLRequestBody: Encodable {
    var query: String
    var variables: (any Encodable & Sendable)?

    private enum CodingKeys: String, CodingKey {
        case query
        case variables
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(query, forKey: .query)
        if let variables {
            try variables.encode(to: container.superEncoder(forKey: .variables))
        }
    }

    /// A replayable `POST` of this body as JSON.
    func request(to endpoint: URL) throws(AuthError) -> HTTPRequest {
        let body: Data
        do {
            body = try JSONEncoder().encode(self)
        } catch {
            throw AuthError(.invalidRequest, service: MassdriverClientService.name,
                            detail: "GraphQL variables could not be encoded")
        }
        return HTTPRequest(
            method: .post, url: endpoint,
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: body
        )
    }
}
