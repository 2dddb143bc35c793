import Foundation
import ScopedAuth

/// `POST /auth/token`: turns an account id, API key and secret into a JWT, which Mudstack answers as a bare JSON
/// string; its lifetime is read from the `exp` claim.
///
/// The request goes through the exchange pipeline (`HTTPClient.exchange`): its body carries the secret, so it is
/// bound to the API's origin, and a redirect (even a 307 that keeps the body) to another origin is refused with
/// `credentialRedirect`. Transient failures are retried by the session's backoff, not here.
struct MudstackTokenExchange: CredentialExchange {
    let accountID: String
    let key: KeyAndSecret
    let tokenURL: URL
    /// The exchange pipeline; `nil` when the base URL has no scheme or host.
    let http: HTTPClient?

    private struct Body: Encodable {
        var account_id: String
        var key: String
        var secret: String
    }

    /// A token's lifetime (SERVICES.md section 7), the refresh horizon when the token has no readable `exp`.
    static let documentedLifetime = Duration.seconds(3_600)

    func exchange() async throws -> IssuedToken {
        guard let http, let origin = HTTPOrigin(tokenURL), origin.isSecureForCredentials else {
            throw AuthError(
                .insecureTransport, service: MudstackClient.serviceName,
                detail: "refusing to send the API secret to \(tokenURL.redactedBaseURL)")
        }
        let body = try key.secret.withRevealedValue { secret in
            try JSONEncoder().encode(Body(account_id: accountID, key: key.id, secret: secret))
        }
        let request = HTTPRequest(
            method: .post, url: tokenURL,
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: body)
        return try Self.issuedToken(from: await MudstackRequester.send(request, through: http))
    }

    /// Reads the `POST /auth/token` answer: a bare JSON string holding the JWT, or the error its status implies.
    static func issuedToken(from response: HTTPResponse) throws(AuthError) -> IssuedToken {
        guard response.isSuccess else {
            throw MudstackRequester.error(for: response, tokenWasSent: false)
        }
        let token = try response.decodeJSON(String.self, service: MudstackClient.serviceName)
        guard !token.isEmpty else {
            throw AuthError(
                .malformedResponse, status: response.status, service: MudstackClient.serviceName,
                detail: "the token response is an empty string")
        }
        return IssuedToken(value: Secret(token), expiry: .fromJWT(orLifetime: Self.documentedLifetime), serverDate: response.serverDate)
    }
}
