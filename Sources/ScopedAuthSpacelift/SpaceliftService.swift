import Foundation
import ScopedAuth

/// What every Spacelift request shares: the service's name, its GraphQL URL and how a failed status reads.
enum SpaceliftService {
    /// The name used in errors.
    static let name = "Spacelift"

    /// The GraphQL endpoint for an account endpoint: `<endpoint>/graphql`, unless the URL already names it.
    static func graphQLURL(for endpoint: URL) -> URL {
        if endpoint.path.hasSuffix("/graphql") { return endpoint }
        return (try? RequestPath("graphql").url(below: endpoint, service: name)) ?? endpoint.appendingPathComponent("graphql")
    }

    /// The origin of an account endpoint, or `AuthError.Kind.invalidRequest` when it has no host.
    static func origin(of endpoint: URL) throws(AuthError) -> HTTPOrigin {
        guard let origin = HTTPOrigin(endpoint), ["https", "http"].contains(origin.scheme) else {
            throw AuthError(.invalidRequest, service: name,
                            detail: "the endpoint \(endpoint.redactedForDisplay) is not an http(s) URL with a host")
        }
        return origin
    }

    /// The error for an unsuccessful HTTP status, carrying the messages of a GraphQL `errors` list if any.
    static func statusError(_ response: HTTPResponse) -> AuthError {
        var error = response.error(service: name)
        if error.serviceMessage == nil,
            let errors = try? GraphQLEnvelope.errors(in: response, service: name).map(SpaceliftGraphQLError.Entry.init),
            !errors.isEmpty
        {
            error = AuthError(error.kind, status: error.status, serviceMessage: errors.map(\.message).joined(separator: "; "),
                              service: error.service, retryAfter: error.retryAfter, detail: error.detail)
        }
        return error
    }
}
