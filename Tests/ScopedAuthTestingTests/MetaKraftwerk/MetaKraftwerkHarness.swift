import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// Drives a ``MetaKraftwerkEmulator`` with raw requests on a clock the test moves.
struct MetaKraftwerkHarness {
    let emulator = MetaKraftwerkEmulator()
    let counters = EmulatorCounters()
    let mint = TokenMint(seed: 11)
    var now = Date(timeIntervalSince1970: 1_767_225_600)

    func send(_ method: HTTPMethod, _ pathAndQuery: String, token: String? = nil, json: Any? = nil) -> HTTPResponse {
        let base = EmulatorOrigins.production.metaKraftwerk
        let url = URL(string: base.absoluteString + pathAndQuery) ?? base
        var headers = HTTPHeaders()
        if let token { headers["Authorization"] = "Bearer \(token)" }
        var body: Data?
        if let json {
            headers["Content-Type"] = "application/json"
            body = try? JSONSerialization.data(withJSONObject: json)
        }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: body)
        let context = EmulatorContext(now: now, mint: mint, counters: counters, origins: .production)
        return emulator.respond(to: EmulatorRequest(request), context: context)
    }

    func signIn(_ credentials: EmailPassword) -> HTTPResponse {
        send(
            .post, "/authentication",
            json: ["strategy": "local", "email": credentials.email, "password": credentials.password.revealed])
    }

    /// An access token for `credentials`, or an empty string when sign-in failed (the test then fails on use).
    func token(_ credentials: EmailPassword) -> String {
        Self.object(signIn(credentials))["accessToken"] as? String ?? ""
    }

    static func json(_ response: HTTPResponse) -> Any? {
        try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
    }

    static func object(_ response: HTTPResponse) -> [String: Any] {
        json(response) as? [String: Any] ?? [:]
    }

    static func array(_ response: HTTPResponse) -> [[String: Any]] {
        json(response) as? [[String: Any]] ?? []
    }

    /// The decoded JOSE header of a JWT.
    static func header(of token: String) -> [String: Any] {
        guard let segment = token.split(separator: ".").first, let data = Data(base64URLEncoded: segment) else {
            return [:]
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}

/// The assertions every Feathers error shares.
func expectFeathersError(
    _ response: HTTPResponse, code: Int, name: String, className: String, message: String? = nil
) -> [String: Any] {
    let body = MetaKraftwerkHarness.object(response)
    #expect(response.status == code)
    #expect(body["code"] as? Int == code)
    #expect(body["name"] as? String == name)
    #expect(body["className"] as? String == className)
    if let message { #expect(body["message"] as? String == message) } else { #expect(body["message"] is String) }
    return body
}
