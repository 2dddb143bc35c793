import Foundation
import ScopedAuth

/// Exchanges an API key (`apiKeyUser`) or a GitHub token (`oauthUser`) for a Spacelift JWT.
///
/// The token's expiry is the `validUntil` that Spacelift answers (Unix seconds, read against the response's
/// `Date` header), or the JWT's `exp` when `validUntil` is missing. A `null` user means the credential was
/// refused: a permanent `AuthError.Kind.invalidCredentials` that the session does not retry in a loop.
struct SpaceliftTokenExchange: CredentialExchange {
    /// Which mutation to send and how to describe a refusal.
    struct Mutation: Sendable {
        var field: String
        var document: String
        /// Held as secrets so that no reflection of the exchange can reveal them; revealed only when encoded.
        var variables: [String: Secret]
        var refusal: String
    }

    let mutation: Mutation
    let graphQLURL: URL
    let http: HTTPClient

    static func apiKey(_ key: KeyAndSecret) -> Mutation {
        Mutation(
            field: "apiKeyUser",
            document: """
                mutation GetSpaceliftToken($id: ID!, $secret: String!) {
                  apiKeyUser(id: $id, secret: $secret) { id jwt validUntil }
                }
                """,
            variables: ["id": Secret(key.id), "secret": key.secret],
            refusal: "apiKeyUser is null: no such API key \(key.id), a wrong secret, or a revoked key"
        )
    }

    static func gitHubToken(_ token: Secret) -> Mutation {
        Mutation(
            field: "oauthUser",
            document: """
                mutation GetSpaceliftToken($token: String!) {
                  oauthUser(token: $token) { id jwt validUntil }
                }
                """,
            variables: ["token": token],
            refusal: "oauthUser is null: the GitHub token was not accepted"
        )
    }

    /// A token's lifetime (SERVICES.md section 7), the refresh horizon when neither `validUntil` nor `exp` says.
    static let documentedLifetime = Duration.seconds(3_600)

    func exchange() async throws -> IssuedToken {
        let request = try GraphQLRequestBody(
            query: mutation.document, variables: mutation.variables.mapValues(\.revealed),
            operationName: "GetSpaceliftToken"
        ).request(to: graphQLURL, service: SpaceliftService.name)
        return try issuedToken(from: await http.send(request))
    }

    /// Reads the exchange's answer: the JWT and its expiry, or the typed refusal.
    func issuedToken(from response: HTTPResponse) throws(AuthError) -> IssuedToken {
        guard response.isSuccess else {
            throw SpaceliftService.statusError(response)
        }
        let errors = try GraphQLEnvelope.errors(in: response, service: SpaceliftService.name)
        if !errors.isEmpty {
            let message = errors.map { $0.message ?? "" }.joined(separator: "; ")
            throw AuthError(.invalidCredentials, status: response.status, serviceMessage: message,
                            service: SpaceliftService.name, detail: "\(mutation.field) failed")
        }
        let data = try GraphQLEnvelope.data([String: ExchangedUser?].self, in: response, service: SpaceliftService.name)
        guard let fields = data, let entry = fields[mutation.field] else {
            throw AuthError(.malformedResponse, status: response.status, service: SpaceliftService.name,
                            detail: "no \(mutation.field) in the response")
        }
        guard let user = entry else {
            throw AuthError(.invalidCredentials, status: response.status, service: SpaceliftService.name,
                            detail: mutation.refusal)
        }
        guard let jwt = user.jwt, !jwt.isEmpty else {
            throw AuthError(.malformedResponse, status: response.status, service: SpaceliftService.name,
                            detail: "\(mutation.field) has no jwt")
        }
        let expiry: TokenExpiry = user.validUntil.map { .at(Date(timeIntervalSince1970: $0)) } ?? .fromJWT(orLifetime: Self.documentedLifetime)
        return IssuedToken(value: Secret(jwt), expiry: expiry, serverDate: response.serverDate)
    }

    func isTokenRejected(_ response: HTTPResponse) -> Bool {
        SpaceliftAuthFailure.isUnauthorized(response)
    }
}

/// The user object an exchange answers: `{id, jwt, validUntil}`.
private struct ExchangedUser: Decodable {
    var jwt: String?
    /// Unix seconds; integer on the wire, read as a number to accept fractions too.
    var validUntil: Double?
}
