import Foundation
import ScopedAuth
import Testing

/// The GraphQL envelope that Spacelift and Massdriver share: errors before data, read leniently.
@Suite struct GraphQLEnvelopeTests {
    private func response(_ json: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(json.utf8))
    }

    @Test func anAuthenticationFailureAnsweredWithHTTP200IsAnErrorEntryNotData() throws {
        let answer = response(#"""
            {"data": null, "errors": [{"message": "Unauthorized", "path": ["viewer"],
              "extensions": {"code": "UNAUTHENTICATED"}, "locations": [{"line": 1, "column": 3}]}]}
            """#)
        let errors = try GraphQLEnvelope.errors(in: answer, service: "Example")
        #expect(errors == [GraphQLErrorEntry(message: "Unauthorized", code: "UNAUTHENTICATED", path: ["viewer"])])
        #expect(try GraphQLEnvelope.data([String: String].self, in: answer, service: "Example") == nil)
    }

    @Test func entriesAreReadLeniently() throws {
        let answer = response(#"""
            {"errors": [
              {"message": "top-level code", "code": "FORBIDDEN", "path": ["stacks", 3, "name"]},
              {"message": 42, "path": "not a list"},
              {"extraField": true}
            ], "extensions": {"cost": 1}}
            """#)
        let errors = try GraphQLEnvelope.errors(in: answer, service: "Example")
        #expect(errors.count == 3)
        #expect(errors[0] == GraphQLErrorEntry(message: "top-level code", code: "FORBIDDEN", path: ["stacks", "3", "name"]))
        #expect(errors[1] == GraphQLErrorEntry(message: nil, code: nil, path: []))
        #expect(errors[2] == GraphQLErrorEntry(message: nil))
    }

    @Test func dataWithoutErrorsDecodesAndAnUnreadableBodyIsMalformed() throws {
        struct Viewer: Decodable, Equatable { var id: String }
        struct Body: Decodable, Equatable { var viewer: Viewer }
        let answer = response(#"{"data": {"viewer": {"id": "u1", "unknown": 1}}}"#)
        #expect(try GraphQLEnvelope.errors(in: answer, service: "Example").isEmpty)
        #expect(try GraphQLEnvelope.data(Body.self, in: answer, service: "Example") == Body(viewer: Viewer(id: "u1")))
        #expect(throws: AuthError.self) { try GraphQLEnvelope.errors(in: response("<html>"), service: "Example") }
    }

    @Test func theRequestBodyCarriesQueryVariablesAndOperationName() throws {
        let url = try #require(URL(string: "https://api.example.com/graphql"))
        let withVariables = try GraphQLRequestBody(query: "query Q($id: ID!) { x(id: $id) }", variables: ["id": "7"],
                                                   operationName: "Q").request(to: url, service: "Example")
        #expect(withVariables.method == .post && withVariables.url == url)
        #expect(withVariables.headers["Content-Type"] == "application/json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: withVariables.body ?? Data()) as? [String: Any])
        #expect(object["query"] as? String == "query Q($id: ID!) { x(id: $id) }")
        #expect(object["variables"] as? [String: String] == ["id": "7"])
        #expect(object["operationName"] as? String == "Q")
        let empty = try GraphQLRequestBody(query: "{ x }", variables: GraphQLNoVariables()).request(to: url, service: "E")
        let emptyObject = try #require(try JSONSerialization.jsonObject(with: empty.body ?? Data()) as? [String: Any])
        #expect(Set(emptyObject.keys) == ["query", "variables"])
        #expect((emptyObject["variables"] as? [String: Any])?.isEmpty == true)
        let none = try GraphQLRequestBody(query: "{ x }").request(to: url, service: "E")
        let noneObject = try #require(try JSONSerialization.jsonObject(with: none.body ?? Data()) as? [String: Any])
        #expect(Set(noneObject.keys) == ["query"])
    }
}
