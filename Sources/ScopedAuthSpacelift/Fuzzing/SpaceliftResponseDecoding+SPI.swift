import Foundation
public import ScopedAuth

/// The fuzzing seam of the Spacelift client: every function that turns a Spacelift answer into a value or an
/// error, callable on a bare ``HTTPResponse`` without a client, a network or a task.
///
/// Not API: it exists for the libFuzzer targets in `Fuzz/` (`@_spi(Fuzzing) import ScopedAuthSpacelift`). Each
/// case runs the exact functions the client runs on that answer, so a finding here is a finding in the client.
@_spi(Fuzzing) public enum SpaceliftResponseDecoding {
    /// One kind of answer the client reads.
    public enum Answer: CaseIterable, Sendable {
        /// The `apiKeyUser` exchange: `{id, jwt, validUntil}`, a `null` user, or `errors`.
        case apiKeyExchange
        /// The `oauthUser` exchange, the same shape under another field.
        case gitHubTokenExchange
        /// The check every answer passes through: HTTP 401, or HTTP 200 with an "unauthorized" error message.
        case unauthorizedCheck
        /// `viewer { id name }` through the GraphQL envelope.
        case viewer
        /// `stacks { … }` through the GraphQL envelope.
        case stacks
        /// `stack(id:) { … }` through the GraphQL envelope.
        case stack
        /// `runTrigger { id title type }` through the GraphQL envelope.
        case runTrigger
        /// A static token (the body's bytes as text), read at `SpaceliftClient(token:)`: `exp` and `aud`.
        case staticToken
    }

    /// Reads `response` as the client reads `answer`.
    ///
    /// - Parameters:
    ///   - answer: Which answer `response` stands for.
    ///   - response: The status, headers and body to read.
    /// - Returns: What the client would get, for the caller to inspect.
    /// - Throws: Whatever the client throws for this answer; the fuzz targets require an ``AuthError`` or a
    ///   ``SpaceliftGraphQLError``.
    public static func decode(_ answer: Answer, _ response: HTTPResponse) throws -> any Sendable {
        switch answer {
        case .apiKeyExchange:
            return try exchange(SpaceliftTokenExchange.apiKey(KeyAndSecret(id: "key", secret: Secret("secret"))))
                .issuedToken(from: response)
        case .gitHubTokenExchange:
            return try exchange(SpaceliftTokenExchange.gitHubToken(Secret("token"))).issuedToken(from: response)
        case .unauthorizedCheck:
            return SpaceliftAuthFailure.isUnauthorized(response)
        case .viewer:
            return try Client.decode(response, as: ViewerData.self).viewer
        case .stacks:
            return try Client.decode(response, as: StacksData.self).stacks
        case .stack:
            return try Client.decode(response, as: StackData.self).stack
        case .runTrigger:
            return try Client.decode(response, as: RunTriggerData.self).runTrigger
        case .staticToken:
            let token = Secret(String(decoding: response.body, as: UTF8.self))
            return try SpaceliftClient(token: token, transport: Unreachable(), retryPolicy: .none).baseURL
        }
    }

    private typealias Client = SpaceliftClient<StaticToken>

    private static let endpoint = URL(string: "https://fuzz.app.spacelift.io/graphql") ?? URL(fileURLWithPath: "/")

    private static func exchange(_ mutation: SpaceliftTokenExchange.Mutation) -> SpaceliftTokenExchange {
        SpaceliftTokenExchange(
            mutation: mutation, graphQLURL: endpoint,
            http: HTTPClient(transport: Unreachable(), middlewares: [], service: SpaceliftService.name))
    }

    /// A transport that is never called: decoding sends nothing.
    private struct Unreachable: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw AuthError(.invalidRequest, service: SpaceliftService.name, detail: "decoding sends no request")
        }
    }
}
