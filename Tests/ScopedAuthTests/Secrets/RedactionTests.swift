import Foundation
import ScopedAuth
import Testing

/// The sentinel secret must never appear in any rendering of any value that carries it.
@Suite struct RedactionTests {
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        let mirror = Mirror(reflecting: value).children.map { "\($0.label ?? ""): \($0.value)" }.joined()
        return [String(describing: value), String(reflecting: value), "\(value)", dumped, mirror]
    }

    static func expectRedacted(_ value: Any, sourceLocation: SourceLocation = #_sourceLocation) {
        for rendering in renderings(value) {
            #expect(!rendering.contains(sentinelSecret), "leaked in: \(rendering)", sourceLocation: sourceLocation)
        }
    }

    @Test func secretsAndCredentialsNeverPrintTheirContent() {
        let secret = Secret(sentinelSecret)
        Self.expectRedacted(secret)
        Self.expectRedacted(EmailPassword(email: "a@b.c", password: secret))
        Self.expectRedacted(KeyAndSecret(id: "key-1", secret: secret))
        Self.expectRedacted([secret])
        #expect(secret.revealed == sentinelSecret)
        #expect(String(describing: EmailPassword(email: "a@b.c", password: secret)).contains("a@b.c"))
    }

    @Test func tokensRequestsAndResponsesNeverPrintCredentials() throws {
        let token = AccessToken(value: Secret(sentinelSecret), generation: TokenGeneration(rawValue: 3), expiresAt: nil)
        Self.expectRedacted(token)
        Self.expectRedacted(IssuedToken(value: Secret(sentinelSecret), expiry: .fromJWT))
        var headers = HTTPHeaders()
        headers["Authorization"] = "Bearer \(sentinelSecret)"
        headers.add(name: "X-Package-Token", value: sentinelSecret)
        headers.add(name: "X-Custom", value: sentinelSecret, isSensitive: true)
        headers.add(name: "Accept", value: "application/json")
        Self.expectRedacted(headers)
        let url = try #require(URL(string: "https://storage.example.com/p?X-Amz-Signature=\(sentinelSecret)"))
        let request = HTTPRequest(method: .put, url: url, headers: headers, body: Data(sentinelSecret.utf8))
        Self.expectRedacted(request)
        #expect(String(describing: request).contains("Accept: application/json"))
        Self.expectRedacted(HTTPResponse(status: 200, headers: headers, body: Data(sentinelSecret.utf8)))
    }

    @Test func errorsAndEventsNeverCarryTheSecret() {
        let error = AuthError(.invalidCredentials, status: 401, serviceMessage: "Invalid login", service: "MASV")
        Self.expectRedacted(error)
        #expect(String(describing: error) == "AuthError.invalidCredentials (MASV, HTTP 401): Invalid login")
        let classified = AuthError.classifying(URLError(.badServerResponse, userInfo: [NSURLErrorFailingURLErrorKey: URL(string: "https://x/?k=\(sentinelSecret)") as Any]))
        Self.expectRedacted(classified)
        #expect(classified.kind == .transient)
    }

    @Test func secretsCompareByContent() {
        #expect(Secret("abc") == Secret("abc"))
        #expect(Secret("abc") != Secret("abd"))
        #expect(Secret("abc") != Secret("abcd"))
        #expect(Secret("").isEmpty)
    }

    @Test func serviceMessagesAreBounded() {
        let error = AuthError(.serverError, serviceMessage: String(repeating: "x", count: 10_000))
        #expect((error.serviceMessage?.count ?? 0) <= 513)
    }
}
