import Foundation
import ScopedAuth
import Testing

@Suite struct JWTClaimsTests {
    @Test(arguments: [1_767_225_600.0, 1_767_225_600.4954071])
    func readsIntegerAndFractionalTimes(exp: Double) throws {
        let claims = try JWTClaims(token: makeJWT(exp: exp, iat: exp - 3600, sub: "user-1", extra: "\"jti\":\"j1\""))
        #expect(claims.expiresAt?.timeIntervalSince1970 == exp)
        #expect(claims.issuedAt?.timeIntervalSince1970 == exp - 3600)
        #expect(claims.subject == "user-1")
        #expect(claims.tokenID == "j1")
    }

    @Test func missingTimeClaimsAreNil() throws {
        let claims = try JWTClaims(token: makeJWT(exp: nil))
        #expect(claims.expiresAt == nil)
        #expect(claims.issuedAt == nil)
    }

    @Test(arguments: [
        "not-a-jwt", "a.b", "a..c", "a.!!!.c", "\(b64("{}")).\(b64("[1,2]")).sig", "\(b64("{}")).\(b64("{\"exp\":")).sig",
        "\(b64("{}")).\(b64("{\"exp\":\"tomorrow\"}")).sig", "\(b64("{}")).\(b64("{\"exp\":true}")).sig",
        "\(b64("{}")).\(b64("{\"exp\":1e300}")).sig", "\(b64("{}")).\(b64("{\"iat\":{}}")).sig", "",
    ])
    func malformedTokensAreTypedErrors(token: String) {
        #expect {
            try JWTClaims(token: token)
        } throws: { error in
            (error as? AuthError)?.kind == .malformedResponse
        }
    }

    @Test func hugeTokensAreRefusedWithoutParsing() {
        let huge = String(repeating: "a", count: JWTClaims.maximumTokenLength + 1)
        #expect(throws: AuthError.self) { try JWTClaims(token: huge) }
    }

    @Test(arguments: [
        ("\"aud\":\"https://app.spacelift.io\"", ["https://app.spacelift.io"]),
        ("\"aud\":[\"https://a.example\",\"b\"]", ["https://a.example", "b"]),
        ("\"aud\":[]", []), ("\"aud\":[\"a\",1]", []), ("\"aud\":42", []), ("\"aud\":null", []), ("", []),
    ])
    func theAudienceIsOneStringOrAListOfStrings(claim: String, expected: [String]) throws {
        let claims = try JWTClaims(token: makeJWT(exp: 10, extra: claim))
        #expect(claims.audience == expected)
        #expect(claims.expiresAt?.timeIntervalSince1970 == 10)
    }

    @Test func looselyTypedOptionalClaimsDoNotFailTheToken() throws {
        let claims = try JWTClaims(token: "\(b64("{}")).\(b64("{\"exp\":10,\"sub\":42}")).sig")
        #expect(claims.subject == nil)
        #expect(claims.expiresAt?.timeIntervalSince1970 == 10)
    }
}

private func b64(_ text: String) -> String { Data(text.utf8).base64URLEncodedString() }
