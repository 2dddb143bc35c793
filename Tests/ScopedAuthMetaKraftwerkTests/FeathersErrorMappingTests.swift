import Foundation
import ScopedAuth
@testable import ScopedAuthMetaKraftwerk
import Testing

@Suite("Feathers error bodies become typed errors")
struct FeathersErrorMappingTests {
    static func response(_ status: Int, _ json: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(json.utf8))
    }

    @Test("'jwt expired' is tokenExpired, another 401 on the API tokenRejected, any 401 at login invalidCredentials")
    func unauthorized() {
        let expired = Self.response(401, """
            {"name":"NotAuthenticated","message":"jwt expired","code":401,"className":"not-authenticated",
             "data":{"name":"TokenExpiredError","expiredAt":"2026-01-02T00:00:00.000Z"}}
            """)
        #expect(expired.metaKraftwerkError(.api).kind == .tokenExpired)
        #expect(expired.metaKraftwerkError(.api).serviceMessage == "jwt expired")
        let invalidLogin = Self.response(
            401, #"{"name":"NotAuthenticated","message":"Invalid login","code":401,"className":"not-authenticated"}"#)
        #expect(invalidLogin.metaKraftwerkError(.login).kind == .invalidCredentials)
        #expect(invalidLogin.metaKraftwerkError(.api).kind == .invalidCredentials)
        let signature = Self.response(401, #"{"name":"NotAuthenticated","message":"invalid signature","code":401}"#)
        #expect(signature.metaKraftwerkError(.api).kind == .tokenRejected)
        #expect(signature.metaKraftwerkError(.login).kind == .invalidCredentials)
    }

    @Test("Other statuses map by status; a body that is not Feathers JSON still gives a typed error", arguments: [
        (400, AuthError.Kind.invalidRequest), (404, .notFound), (429, .rateLimited), (500, .serverError),
        (502, .serverError), (418, .transient),
    ])
    func byStatus(status: Int, kind: AuthError.Kind) {
        #expect(Self.response(status, #"{"name":"X","message":"m","code":\#(status)}"#).metaKraftwerkError(.api).kind == kind)
        #expect(Self.response(status, "<html>proxy</html>").metaKraftwerkError(.api).kind == kind)
    }

    @Test("A Feathers body with odd types is read leniently")
    func lenientBody() throws {
        let body = try #require(FeathersErrorBody(Self.response(403, """
            {"name":"Forbidden","message":7,"code":"403","data":{"permission":"write_builds","count":2}}
            """)))
        #expect(body.name == "Forbidden")
        #expect(body.message == nil)
        #expect(body.code == nil)
        #expect(body.data == ["permission": "write_builds"])
    }
}
