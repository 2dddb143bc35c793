import Foundation
import ScopedAuth
import Testing

@Suite struct HTTPValuesTests {
    @Test func headersAreCaseInsensitiveAndOrdered() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        #expect(headers["content-type"] == "application/json")
        headers.add(name: "Set-Cookie", value: "a")
        headers.add(name: "set-cookie", value: "b")
        #expect(headers.values(for: "SET-COOKIE") == ["a", "b"])
        headers["CONTENT-TYPE"] = "text/plain"
        #expect(headers.values(for: "content-type") == ["text/plain"])
        headers["Content-Type"] = nil
        #expect(!headers.contains("content-type"))
    }

    @Test func credentialHeadersAreSensitiveAndRemovable() {
        var headers: HTTPHeaders = ["X-API-KEY": "k", "x-transfer-token": "t", "Accept": "*/*"]
        #expect(headers.containsSensitive)
        headers.removeSensitive()
        #expect(!headers.containsSensitive)
        #expect(headers.count == 1)
    }

    @Test(arguments: [
        ("https://api.example.com/x", true), ("http://127.0.0.1:8080/x", true), ("http://localhost/x", true),
        ("http://[::1]:9000/x", true), ("http://api.example.com/x", false), ("ftp://127.0.0.1/x", false),
    ])
    func credentialsTravelOnlyOverHTTPSOrLoopback(url: String, secure: Bool) throws {
        let parsed = try #require(URL(string: url))
        let origin = try #require(HTTPOrigin(parsed))
        #expect(origin.isSecureForCredentials == secure)
    }

    @Test func originsCompareSchemeHostAndDefaultPort() throws {
        let a = HTTPOrigin(URL(string: "https://API.example.com/a")!)
        let b = HTTPOrigin(URL(string: "https://api.example.com:443/b?x=1")!)
        let c = HTTPOrigin(URL(string: "https://api.example.com:8443/a")!)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func httpDatesRoundTripAndRejectGarbage() throws {
        let date = Date(timeIntervalSince1970: 784_111_777)
        let response = HTTPResponse(status: 200, headers: ["Date": "Sun, 06 Nov 1994 08:49:37 GMT"])
        #expect(response.serverDate == date)
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        let formatted = HTTPResponse(status: 200, headers: ["Date": String(describing: HTTPResponse.imfDateForTest(now))])
        #expect(formatted.serverDate == now)
        for garbage in ["", "yesterday", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"] {
            #expect(HTTPResponse(status: 200, headers: ["Date": garbage]).serverDate == nil)
        }
    }

    @Test func retryAfterReadsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 784_111_770)
        #expect(HTTPResponse(status: 429, headers: ["Retry-After": "7"]).retryAfter(now: now) == .seconds(7))
        #expect(HTTPResponse(status: 429, headers: ["Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"]).retryAfter(now: now) == .seconds(7))
        #expect(HTTPResponse(status: 429, headers: ["Retry-After": "soon"]).retryAfter(now: now) == nil)
        #expect(HTTPResponse(status: 429, headers: ["Retry-After": "-3"]).retryAfter(now: now) == nil)
    }

    @Test func jsonDecodingFailuresAreTyped() {
        struct Shape: Decodable { var token: String }
        let cases: [Data] = [
            Data("{\"token\":\"a\"".utf8), Data("{\"token\":5}".utf8), Data("[]".utf8), Data(),
            Data(repeating: 0x20, count: 10 * 1024 * 1024),
        ]
        for body in cases {
            #expect {
                try HTTPResponse(status: 200, body: body).decodeJSON(Shape.self, service: "Test")
            } throws: { ($0 as? AuthError)?.kind == .malformedResponse }
        }
        #expect((try? HTTPResponse(status: 200, body: Data("{\"token\":\"a\"}".utf8)).decodeJSON(Shape.self))?.token == "a")
    }

    @Test(arguments: [(400, AuthError.Kind.invalidRequest), (401, .invalidCredentials), (403, .forbidden),
                      (404, .notFound), (409, .conflict), (429, .rateLimited), (503, .serverError)])
    func errorResponsesMapStatusAndMessage(status: Int, kind: AuthError.Kind) {
        let response = HTTPResponse(status: status, headers: ["Retry-After": "3"], body: Data("{\"message\":\"nope\"}".utf8))
        let error = response.error(service: "Test")
        #expect(error.kind == kind)
        #expect(error.serviceMessage == "nope")
        #expect(error.status == status)
        #expect(error.retryAfter == (status == 429 ? .seconds(3) : nil))
    }

    @Test(arguments: [
        ("{\"message\":\"first\",\"error\":\"second\"}", ["message", "error"], "first"),
        ("{\"message\":{\"text\":\"nested\"},\"error\":\"second\"}", ["message", "error"], "second"),
        ("{\"message\":7,\"error\":null}", ["message", "error"], nil),
        ("{\"detail\":\"custom\",\"message\":\"m\"}", ["detail"], "custom"),
        ("[\"message\"]", ["message"], nil), ("not json", ["message"], nil), ("", ["message"], nil),
    ] as [(String, [String], String?)])
    func theServiceMessageIsTheFirstStringMemberNamed(body: String, keys: [String], expected: String?) {
        let error = HTTPResponse(status: 400, body: Data(body.utf8)).error(service: "Test", messageKeys: keys)
        #expect(error.serviceMessage == expected)
        #expect(error.kind == .invalidRequest)
    }
}

extension HTTPResponse {
    static func imfDateForTest(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

@Suite struct HTTPOriginContainsTests {
    @Test(arguments: [
        ("https://api.example.com/v1", true), ("HTTPS://API.Example.COM:443/x?y=1", true),
        ("https://api.example.com:8443/v1", false), ("http://api.example.com/v1", false),
        ("https://api.example.com.evil.org/v1", false), ("https://evil.org/api.example.com", false),
    ])
    func anOriginContainsOnlyItsOwnURLs(url: String, expected: Bool) throws {
        let base = try #require(URL(string: "https://api.example.com"))
        let origin = try #require(HTTPOrigin(base))
        let candidate = try #require(URL(string: url))
        #expect(origin.contains(candidate) == expected)
        #expect(origin.contains(candidate) == (HTTPOrigin(candidate) == origin))
    }
}
