import Foundation
import ScopedAuth

/// MASV's user sign-in (`POST /v1/auth`) as a credential exchange, written against the core because the MASV client
/// keeps its user token inside its handles and never returns it, by design; printing it is exactly what this
/// command is for. A ``TokenSession`` over it gives `scopedauth token masv` the same file token cache as the other
/// services, under the key the MASV client itself derives, so the CLI and an app on the same machine share a token.
struct MASVSignIn: CredentialExchange {
    /// The service's name in errors and in the token cache's key, as the MASV client spells it.
    static let service = "MASV"
    /// A user token's lifetime when it has no readable `exp` (SERVICES.md section 7), as in the MASV client.
    static let documentedLifetime = Duration.seconds(3 * 86_400)

    let baseURL: URL
    let credentials: EmailPassword
    private let client: HTTPClient

    private struct Answer: Decodable {
        var token: String
    }

    /// Refuses a base URL that has no host, or is plain HTTP and not loopback, before anything is sent.
    init(baseURL: URL, credentials: EmailPassword, transport: any HTTPTransport) throws {
        guard let origin = HTTPOrigin(baseURL) else { throw CommandFailure("MASV: the URL has no host") }
        guard origin.isSecureForCredentials else {
            throw AuthError(.insecureTransport, service: Self.service, detail: "\(origin) is plain HTTP and not loopback")
        }
        self.baseURL = baseURL
        self.credentials = credentials
        // The password is in the body: the exchange pipeline binds the request to MASV's origin, so it goes nowhere
        // else, not even after a redirect.
        client = HTTPClient.exchange(transport: transport, origin: origin, clock: SystemAuthClock(), service: Self.service)
    }

    /// Where a ``TokenSession`` over this sign-in keeps its token in `cache`: the MASV client's own key.
    func binding(in cache: TokenStoreConfiguration?) -> TokenStoreBinding? {
        cache?.binding(service: Self.service, identity: [baseURL.absoluteString, credentials.email],
                       secret: credentials.password)
    }

    func exchange() async throws -> IssuedToken {
        let body = try JSONSerialization.data(withJSONObject: [
            "email": credentials.email, "password": credentials.password.revealed,
        ])
        let response = try await client.send(HTTPRequest(
            method: .post, url: try RequestPath("v1", "auth").url(below: baseURL, service: Self.service),
            headers: ["Content-Type": "application/json"], body: body))
        guard response.isSuccess else { throw response.error(service: Self.service) }
        return IssuedToken(value: Secret(try response.decodeJSON(Answer.self, service: Self.service).token),
                           expiry: .fromJWT(orLifetime: Self.documentedLifetime), serverDate: response.serverDate)
    }

    func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
        request.headers["X-User-Token"] = token.value.revealed
    }
}
