import EmulatorServer
import Foundation
import ScopedAuth
import Testing

/// `scopedauth token` pointed at a server that answers every sign-in with a redirect to another origin: the
/// command fails with one line naming that origin, and the second server receives no byte of the secret.
@Suite("scopedauth CLI against a redirecting server", .timeLimit(.minutes(1)))
struct CLIRedirectTests {
    private static let sentinel = "SENTINEL-cli-3e7a-never-send-me"

    private static func environment(front: URL) -> [String: String] {
        [
            "MASV_API_URL": front.absoluteString, "MASV_EMAIL": "user@example.com", "MASV_PASSWORD": sentinel,
            "SPACELIFT_API_KEY_ENDPOINT": front.absoluteString, "SPACELIFT_API_KEY_ID": "01HVKEY",
            "SPACELIFT_API_KEY_SECRET": sentinel,
            "MASSDRIVER_URL": front.absoluteString, "MASSDRIVER_ORG_ID": "acme", "MASSDRIVER_API_KEY": sentinel,
            "MUDSTACK_API_URL": front.absoluteString, "MUDSTACK_ACCOUNT_ID": "account-1", "MUDSTACK_API_KEY": "key-1",
            "MUDSTACK_API_SECRET": sentinel,
            "METAKRAFTWERK_URL": front.absoluteString, "METAKRAFTWERK_EMAIL": "user@example.com",
            "METAKRAFTWERK_PASSWORD": sentinel,
        ]
    }

    @Test("token <service> after a 307 or 308 to another origin", arguments: [
        "masv", "spacelift", "massdriver", "mudstack", "metakraftwerk",
    ], [307, 308])
    func redirectedToken(service: String, status: Int) async throws {
        let collector = try await HostileServer.start(.answer(status: 401))
        let front = try await HostileServer.start(.redirect(status: status, to: collector.baseURL))
        let result = try await runScopedAuth(["token", service], environment: Self.environment(front: front.baseURL))
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains(collector.origin), "\(result.standardError)")
        #expect(!result.standardError.contains(Self.sentinel))
        #expect(front.received.contains { $0.raw.contains(Self.sentinel) || $0.raw.contains("Basic ") })
        let basic = Data("acme:\(Self.sentinel)".utf8).base64EncodedString()
        #expect(!collector.received.contains { $0.raw.contains(Self.sentinel) || $0.raw.contains(basic) })
        // Only Massdriver's query, its credential header stripped, may arrive there; a sign-in never does.
        #expect(collector.received.count == (service == "massdriver" ? 1 : 0))
        await front.stop()
        await collector.stop()
    }
}
