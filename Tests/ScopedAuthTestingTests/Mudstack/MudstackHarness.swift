import Foundation
import ScopedAuth
import ScopedAuthTesting

/// Drives a ``MudstackEmulator`` with raw requests on a clock the test moves.
struct MudstackHarness {
    let emulator = MudstackEmulator()
    let counters = EmulatorCounters()
    let mint = TokenMint(seed: 7)
    var now = Date(timeIntervalSince1970: 1_767_225_600)

    func send(
        _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: Data? = nil
    ) -> HTTPResponse {
        let url = EmulatorOrigins.production.mudstack.appending(path: path)
        var components = URLComponents(url: EmulatorOrigins.production.mudstack, resolvingAgainstBaseURL: false)
        let parts = path.split(separator: "?", maxSplits: 1)
        components?.percentEncodedPath = String(parts.first ?? "")
        components?.percentEncodedQuery = parts.count > 1 ? String(parts[1]) : nil
        let request = HTTPRequest(method: method, url: components?.url ?? url, headers: headers, body: body)
        let context = EmulatorContext(now: now, mint: mint, counters: counters, origins: .production)
        return emulator.respond(to: EmulatorRequest(request), context: context)
    }

    /// `POST /auth/token` with a JSON body.
    func exchange(accountID: String, key: KeyAndSecret) -> HTTPResponse {
        let body: [String: String] = ["account_id": accountID, "key": key.id, "secret": key.secret.revealed]
        return send(
            .post, "/auth/token", headers: ["Content-Type": "application/json"],
            body: try? JSONSerialization.data(withJSONObject: body))
    }

    /// A token for the seeded account, or an empty string when the exchange failed (the test then fails on use).
    func seededToken() -> String {
        Self.json(exchange(accountID: emulator.seededAccountID, key: emulator.seededKey)) as? String ?? ""
    }

    /// A GET with the bearer token and the scoping headers that are not `nil`.
    func get(_ path: String, token: String?, accountID: String?, workspaceID: String? = nil) -> HTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if let accountID { headers["x-account-id"] = accountID }
        if let workspaceID { headers["x-workspace-id"] = workspaceID }
        return send(.get, path, headers: headers)
    }

    /// A seeded-workspace GET with a fresh token.
    func workspaceGet(_ path: String) -> HTTPResponse {
        get(path, token: seededToken(), accountID: emulator.seededAccountID, workspaceID: emulator.seededWorkspaceID)
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
}
