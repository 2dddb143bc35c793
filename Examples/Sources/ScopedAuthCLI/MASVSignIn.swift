import Foundation
import ScopedAuth

/// MASV's user sign-in (`POST /v1/auth`), written against the core because the MASV client keeps its user token
/// inside its handles and never returns it, by design; printing it is exactly what this command is for.
struct MASVSignIn {
    let baseURL: URL
    let transport: any HTTPTransport

    private struct Answer: Decodable {
        var token: String
    }

    func token(for credentials: EmailPassword) async throws -> Secret {
        guard let origin = HTTPOrigin(baseURL) else { throw CommandFailure("MASV: the URL has no host") }
        guard origin.isSecureForCredentials else {
            throw AuthError(.insecureTransport, service: "MASV", detail: "\(origin) is plain HTTP and not loopback")
        }
        // The password is in the body: the exchange pipeline binds the request to MASV's origin, so it goes nowhere
        // else, not even after a redirect.
        let client = HTTPClient.exchange(transport: transport, origin: origin, clock: SystemAuthClock(), service: "MASV")
        let body = try JSONSerialization.data(withJSONObject: [
            "email": credentials.email, "password": credentials.password.revealed,
        ])
        let response = try await client.send(HTTPRequest(
            method: .post, url: try RequestPath("v1", "auth").url(below: baseURL, service: "MASV"),
            headers: ["Content-Type": "application/json"], body: body))
        guard response.isSuccess else { throw response.error(service: "MASV") }
        return Secret(try response.decodeJSON(Answer.self, service: "MASV").token)
    }
}
