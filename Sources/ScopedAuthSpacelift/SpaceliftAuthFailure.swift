import Foundation
import ScopedAuth

/// How Spacelift says "this token is not accepted".
///
/// Spacelift answers an unauthorized GraphQL call with HTTP 200 and an error message containing "unauthorized"
/// (its maintainers: "the GraphQL returns a 200 for unauthorized responses, so we need to look at the error
/// text"), and occasionally with HTTP 401. Both count, so the core's `AuthMiddleware` refreshes and
/// replays once for either.
enum SpaceliftAuthFailure {
    /// The marker text, lowercased.
    static let marker = "unauthorized"
    /// The bytes searched for before parsing: matches "unauthorized" and "Unauthorized".
    private static let probe = Data("nauthorized".utf8)

    /// Whether `response` is HTTP 401, or HTTP 200 whose `errors` carry a message containing "unauthorized".
    ///
    /// Called on every response, so the body is only parsed when it contains the marker at all.
    static func isUnauthorized(_ response: HTTPResponse) -> Bool {
        if response.status == 401 { return true }
        guard response.status == 200, response.body.count <= HTTPResponse.maximumJSONSize,
            response.body.range(of: probe) != nil,
            let list = try? JSONDecoder().decode(GraphQLErrorList.self, from: response.body)
        else { return false }
        return isUnauthorized((list.errors ?? []).map(SpaceliftGraphQLError.Entry.init))
    }

    /// Whether any entry's message contains "unauthorized", in any case.
    static func isUnauthorized(_ errors: [SpaceliftGraphQLError.Entry]) -> Bool {
        errors.contains { $0.message.lowercased().contains(marker) }
    }
}
