import Foundation
import ScopedAuth

/// Signs in with the Feathers `local` strategy: `POST /authentication {strategy, email, password}` → 201 with
/// `accessToken`, whose `exp` the session reads.
///
/// Every refresh is a new local login: re-authenticating with the `jwt` strategy returns the same token without
/// extending it, so it cannot keep a session alive.
struct LocalStrategyLogin: CredentialExchange {
    let credentials: EmailPassword
    let baseURL: URL
    /// A pipeline without the auth middleware (retries, redirects and transport security only).
    let http: HTTPClient

    private struct LoginBody: Encodable {
        var strategy = "local"
        var email: String
        var password: String
    }

    struct LoginResult: Decodable {
        var accessToken: String
    }

    /// A token's lifetime (Feathers' default, SERVICES.md section 7), the refresh horizon when the token has no
    /// readable `exp`.
    static let documentedLifetime = Duration.seconds(86_400)

    func exchange() async throws -> IssuedToken {
        guard let url = try? RequestPath("authentication").url(below: baseURL, service: MetaKraftwerkClient.serviceName),
            let origin = HTTPOrigin(url)
        else {
            throw AuthError(
                .invalidRequest, service: MetaKraftwerkClient.serviceName,
                detail: "base URL \(baseURL.redactedForDisplay) has no scheme or host")
        }
        // The password travels in the body, which the transport-security check cannot see.
        guard origin.isSecureForCredentials else {
            throw AuthError(
                .insecureTransport, service: MetaKraftwerkClient.serviceName,
                detail: "refusing to send a password over plain HTTP to \(origin)")
        }
        let body: Data
        do {
            body = try JSONEncoder().encode(
                LoginBody(email: credentials.email, password: credentials.password.revealed))
        } catch {
            throw AuthError(.invalidRequest, service: MetaKraftwerkClient.serviceName, detail: "cannot encode login")
        }
        let request = HTTPRequest(
            method: .post, url: url, headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: body)
        return try Self.issuedToken(from: await http.send(request))
    }

    /// Reads the login answer: the `accessToken`, or the error its status and Feathers body imply.
    static func issuedToken(from response: HTTPResponse) throws(AuthError) -> IssuedToken {
        guard response.isSuccess else { throw response.metaKraftwerkError(.login) }
        let result = try response.decodeJSON(LoginResult.self, service: MetaKraftwerkClient.serviceName)
        guard !result.accessToken.isEmpty else {
            throw AuthError(
                .malformedResponse, status: response.status, service: MetaKraftwerkClient.serviceName,
                detail: "login answered an empty accessToken")
        }
        return IssuedToken(value: Secret(result.accessToken), expiry: .fromJWT(orLifetime: Self.documentedLifetime), serverDate: response.serverDate)
    }
}
