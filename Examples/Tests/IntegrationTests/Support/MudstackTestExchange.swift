import Foundation
import ScopedAuth
import ScopedAuthTesting

/// Mudstack's token exchange written against the core alone (`POST /auth/token`, a bare JSON string back), so
/// the core's pipeline is tested over HTTP independently of the Mudstack client module.
struct MudstackTestExchange: CredentialExchange {
    let transport: any HTTPTransport
    let baseURL: URL
    let accountID: String
    let key: KeyAndSecret

    func exchange() async throws -> IssuedToken {
        let body = try JSONSerialization.data(withJSONObject: [
            "account_id": accountID, "key": key.id, "secret": key.secret.revealed,
        ])
        let request = HTTPRequest(
            method: .post, url: baseURL.endpoint("auth/token"),
            headers: ["Content-Type": "application/json"], body: body)
        let response = try await transport.send(request)
        guard response.isSuccess else { throw response.error(service: "Mudstack") }
        let token = try response.decodeJSON(String.self)
        return IssuedToken(value: Secret(token), expiry: .fromJWT, serverDate: response.serverDate)
    }
}
