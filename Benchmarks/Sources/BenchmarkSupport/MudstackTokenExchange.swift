import Foundation
public import ScopedAuth

/// A real credential exchange: `POST /auth/token` to Mudstack (the emulator in the benchmarks), answered with the
/// token as a bare JSON string.
///
/// Every strategy in the benchmarks exchanges through this same type, so they pay the same HTTP round trip,
/// JSON decoding and injected latency.
public struct MudstackTokenExchange: CredentialExchange {
    public let transport: any HTTPTransport
    public let origin: URL
    public let accountID: String
    public let key: KeyAndSecret
    /// The lifetime to state for each token instead of its JWT `exp` (whole seconds), so a storm can start on a
    /// token that expired a few milliseconds ago; `nil` reads `exp`.
    public let statedLifetime: Duration?

    public init(
        transport: any HTTPTransport, origin: URL, accountID: String, key: KeyAndSecret, statedLifetime: Duration?
    ) {
        self.transport = transport
        self.origin = origin
        self.accountID = accountID
        self.key = key
        self.statedLifetime = statedLifetime
    }

    public func exchange() async throws -> IssuedToken {
        let body = try JSONSerialization.data(
            withJSONObject: ["account_id": accountID, "key": key.id, "secret": key.secret.revealed])
        let request = HTTPRequest(
            method: .post, url: origin.appending(path: "auth/token"),
            headers: ["Content-Type": "application/json"], body: body)
        let response = try await transport.send(request)
        guard response.status == 200,
            let jwt = try JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed]) as? String
        else {
            throw AuthError(.invalidCredentials, detail: "Mudstack answered HTTP \(response.status)")
        }
        return IssuedToken(
            value: Secret(jwt), expiry: statedLifetime.map { .after($0) } ?? .fromJWT,
            serverDate: response.serverDate)
    }
}
