import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("Massdriver emulator")
struct MassdriverEmulatorTests {
    let clock = ManualClock()
    let emulator: Emulator
    var v1: URL { emulator.origins.massdriver.at("/api/v1") }
    var v2: URL { emulator.origins.massdriver.at("/api/v2") }
    var account: MassdriverServiceAccount { emulator.massdriver.seededServiceAccount }
    var basic: HTTPHeaders { ["Authorization": account.basicAuthorization] }
    var bearer: HTTPHeaders { ["Authorization": "Bearer \(emulator.massdriver.seededAccessToken.token.revealed)"] }

    init() {
        emulator = Emulator(clock: clock)
    }

    func send(_ url: URL, _ query: String, variables: [String: Any] = [:], headers: HTTPHeaders = [:]) async throws
        -> [String: Any]
    {
        let response = try await emulator.transport.send(Raw.graphQL(url, query, variables: variables, headers: headers))
        #expect(response.status == 200)
        return try Raw.json(response)
    }

    func data(_ body: [String: Any], _ key: String) -> Any? { (body["data"] as? [String: Any])?[key] }

    /// The single error's code, checking that it is present both at the top level and in `extensions`.
    func errorCode(_ body: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        guard let errors = body["errors"] as? [[String: Any]], errors.count == 1, let error = errors.first else {
            Issue.record("expected exactly one error in \(body)", sourceLocation: sourceLocation)
            return nil
        }
        let code = error["code"] as? String
        #expect((error["extensions"] as? [String: Any])?["code"] as? String == code, sourceLocation: sourceLocation)
        #expect(error["message"] is String, sourceLocation: sourceLocation)
        return code
    }

    static let viewerQuery = """
        query { viewer { __typename ... on ServiceAccountViewer { id name description organization { id name } } } }
        """

    // MARK: Credentials

    @Test func serverNeedsNoCredentials() async throws {
        for url in [v1, v2] {
            let body = try await send(url, "{ server { mode version appUrl } }")
            let server = try #require(data(body, "server") as? [String: Any])
            #expect(server["mode"] as? String == "MANAGED")
            #expect(server["version"] is String)
            #expect(server["appUrl"] is String)
            #expect(body["errors"] == nil)
        }
        #expect(emulator.counters.unauthorized(.massdriver) == 0)
    }

    @Test func viewerOnV1WithBasicAnswersTheServiceAccount() async throws {
        let body = try await send(v1, Self.viewerQuery, headers: basic)
        let viewer = try #require(data(body, "viewer") as? [String: Any])
        #expect(viewer["__typename"] as? String == "ServiceAccountViewer")
        #expect(viewer["id"] as? String == account.id)
        #expect(viewer["name"] as? String == "ci-deployer")
        #expect(viewer["description"] is NSNull)
        let organization = try #require(viewer["organization"] as? [String: Any])
        #expect(organization["id"] as? String == "acme")
        #expect(organization["name"] as? String == "Acme Inc")
    }

    @Test func theDeprecatedApiKeyHeaderWorksOnV1Only() async throws {
        let header: HTTPHeaders = ["x-md-api-key": account.secret.revealed]
        let onV1 = try await send(v1, Self.viewerQuery, headers: header)
        #expect(data(onV1, "viewer") is [String: Any])
        let onV2 = try await send(v2, Self.viewerQuery, headers: header)
        #expect(errorCode(onV2) == "UNAUTHENTICATED")
    }

    @Test func accessTokensWorkOnV2AndBasicIsAlsoAcceptedThere() async throws {
        #expect(data(try await send(v2, Self.viewerQuery, headers: bearer), "viewer") is [String: Any])
        #expect(data(try await send(v2, Self.viewerQuery, headers: basic), "viewer") is [String: Any])
    }

    @Test func anAccessTokenOnV1IsUnauthenticated() async throws {
        let body = try await send(v1, Self.viewerQuery, headers: bearer)
        #expect(errorCode(body) == "UNAUTHENTICATED")
        #expect(data(body, "viewer") is NSNull)
    }

    @Test func theSeededTokenIsAnOpaqueMdTokenValidFor60Minutes() {
        let (token, expiresAt) = emulator.massdriver.seededAccessToken
        #expect(token.revealed.hasPrefix("md_"))
        #expect(token.revealed.split(separator: ".").count == 1)
        #expect(expiresAt == clock.wallClockNow.addingTimeInterval(3600))
    }

    @Test func anAccessTokenExpiresAtItsExpiresAt() async throws {
        let (token, expiresAt) = emulator.massdriver.issueAccessToken(expiresIn: .seconds(120))
        #expect(expiresAt == clock.wallClockNow.addingTimeInterval(120))
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token.revealed)"]
        clock.advance(by: .seconds(119))
        #expect(data(try await send(v2, Self.viewerQuery, headers: headers), "viewer") is [String: Any])
        clock.advance(by: .seconds(1))
        let expired = try await send(v2, Self.viewerQuery, headers: headers)
        #expect(errorCode(expired) == "UNAUTHENTICATED")
        #expect(emulator.counters.unauthorized(.massdriver) == 1)
        // Basic credentials do not expire.
        clock.advance(by: .seconds(86_400 * 365))
        #expect(data(try await send(v1, Self.viewerQuery, headers: basic), "viewer") is [String: Any])
    }

    @Test(arguments: [
        nil,
        "Basic bm90LWJhc2U2NCE=",  // "not-base64!" without a colon
        "Basic !!!",
        "Bearer md_unknown",
        "Digest abc",
    ])
    func badCredentialsAreUnauthenticatedWithHTTP200(authorization: String?) async throws {
        var headers = HTTPHeaders()
        headers["Authorization"] = authorization
        for url in [v1, v2] {
            let body = try await send(url, Self.viewerQuery, headers: headers)
            #expect(errorCode(body) == "UNAUTHENTICATED")
            #expect(data(body, "viewer") is NSNull)
        }
        #expect(emulator.counters.unauthorized(.massdriver) == 2)
    }

    @Test func basicWithTheWrongOrganizationOrSecretIsUnauthenticated() async throws {
        let wrongOrganization = MassdriverServiceAccount(id: account.id, organizationID: "globex", secret: account.secret)
        let wrongSecret = MassdriverServiceAccount(id: account.id, organizationID: "acme", secret: Secret("nope"))
        for credentials in [wrongOrganization, wrongSecret] {
            let body = try await send(v1, Self.viewerQuery, headers: ["Authorization": credentials.basicAuthorization])
            #expect(errorCode(body) == "UNAUTHENTICATED")
        }
    }

    @Test func revokingAServiceAccountRefusesItsSecretAndTokens() async throws {
        emulator.massdriver.revokeServiceAccount(id: account.id)
        #expect(errorCode(try await send(v1, Self.viewerQuery, headers: basic)) == "UNAUTHENTICATED")
        #expect(errorCode(try await send(v2, Self.viewerQuery, headers: bearer)) == "UNAUTHENTICATED")
    }

    @Test func revokingAnAccessTokenRefusesIt() async throws {
        emulator.massdriver.revokeAccessToken(emulator.massdriver.seededAccessToken.token)
        #expect(errorCode(try await send(v2, Self.viewerQuery, headers: bearer)) == "UNAUTHENTICATED")
    }

    @Test func aNewServiceAccountSeesItsOwnOrganization() async throws {
        let other = emulator.massdriver.addServiceAccount(organization: "initech", name: "bot")
        let body = try await send(v1, Self.viewerQuery, headers: ["Authorization": other.basicAuthorization])
        let viewer = try #require(data(body, "viewer") as? [String: Any])
        #expect((viewer["organization"] as? [String: Any])?["id"] as? String == "initech")
        #expect(viewer["name"] as? String == "bot")
    }

    @Test func aFailedFieldDoesNotHideTheOthers() async throws {
        let body = try await send(v1, "{ server { mode } viewer { __typename } }")
        #expect(data(body, "server") is [String: Any])
        #expect(data(body, "viewer") is NSNull)
        let error = try #require((body["errors"] as? [[String: Any]])?.first)
        #expect(error["path"] as? [String] == ["viewer"])
        #expect(error["code"] as? String == "UNAUTHENTICATED")
    }

    // MARK: Paging

    static let projectsQuery = """
        query($org: ID!, $cursor: Cursor) {
          projects(organizationId: $org, cursor: $cursor) { items { id name description } cursor { next previous } }
        }
        """

    func projectsPage(_ cursor: [String: Any]? = nil) async throws -> (ids: [String], next: String?, previous: String?) {
        var variables: [String: Any] = ["org": "acme"]
        if let cursor { variables["cursor"] = cursor }
        let body = try await send(v2, Self.projectsQuery, variables: variables, headers: bearer)
        let page = try #require(data(body, "projects") as? [String: Any])
        let items = try #require(page["items"] as? [[String: Any]])
        let cursor = try #require(page["cursor"] as? [String: Any])
        return (items.compactMap { $0["id"] as? String }, cursor["next"] as? String, cursor["previous"] as? String)
    }

    @Test func projectsPageWithCursorsUntilTheEnd() async throws {
        let first = try await projectsPage()
        #expect(first.ids.count == 20)
        #expect(first.ids.first == "project-01")
        #expect(first.previous == nil)
        let next = try #require(first.next)
        let second = try await projectsPage(["limit": 20, "next": next])
        #expect(second.ids.first == "project-21")
        let third = try await projectsPage(["limit": 20, "next": try #require(second.next)])
        #expect(third.ids.count == 5)
        #expect(third.next == nil)
        let back = try await projectsPage(["limit": 20, "previous": try #require(third.previous)])
        #expect(back.ids == second.ids)
        #expect(Set(first.ids + second.ids + third.ids).count == 45)
        #expect(!(first.ids + second.ids + third.ids).contains("globex-secret"))
    }

    @Test func aSmallLimitGivesSmallPages() async throws {
        let page = try await projectsPage(["limit": 7])
        #expect(page.ids.count == 7)
    }

    @Test(arguments: [#"{"limit":0}"#, #"{"limit":101}"#, #"{"next":"garbage"}"#, #"{"next":5}"#])
    func badCursorsAreErrorsNotCrashes(cursorJSON: String) async throws {
        let cursor = try #require(try JSONSerialization.jsonObject(with: Data(cursorJSON.utf8)) as? [String: Any])
        let body = try await send(
            v2, Self.projectsQuery, variables: ["org": "acme", "cursor": cursor], headers: bearer)
        #expect(errorCode(body) == "BAD_REQUEST")
        #expect(data(body, "projects") is NSNull)
    }

    @Test func environmentsPageAndFilterByProject() async throws {
        let query = """
            query($org: ID!, $filter: EnvironmentsFilter, $cursor: Cursor) {
              environments(organizationId: $org, filter: $filter, cursor: $cursor) { items { id name project { id } } cursor { next } }
            }
            """
        let all = try await send(v1, query, variables: ["org": "acme"], headers: basic)
        let page = try #require(data(all, "environments") as? [String: Any])
        #expect((page["items"] as? [Any])?.count == 20)
        let next = try #require((page["cursor"] as? [String: Any])?["next"] as? String)
        let rest = try await send(v1, query, variables: ["org": "acme", "cursor": ["next": next]], headers: basic)
        #expect(((data(rest, "environments") as? [String: Any])?["items"] as? [Any])?.count == 10)

        let filtered = try await send(
            v1, query, variables: ["org": "acme", "filter": ["projectId": ["eq": "project-03"]]], headers: basic)
        let items = try #require((data(filtered, "environments") as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["name"] as? String } == ["prod", "staging"])
        #expect((items.first?["project"] as? [String: Any])?["id"] as? String == "project-03")
    }

    // MARK: Permissions

    @Test func anotherOrganizationIsForbiddenAndAnUnknownOneNotFound() async throws {
        let forbidden = try await send(v2, Self.projectsQuery, variables: ["org": "globex"], headers: bearer)
        #expect(errorCode(forbidden) == "FORBIDDEN")
        #expect(data(forbidden, "projects") is NSNull)
        let unknown = try await send(v2, Self.projectsQuery, variables: ["org": "umbrella"], headers: bearer)
        #expect(errorCode(unknown) == "NOT_FOUND")
        #expect(emulator.counters.unauthorized(.massdriver) == 0)
    }

    @Test func aProjectInAnotherOrganizationIsNotFound() async throws {
        let query = "query($org: ID!, $id: ID!) { project(organizationId: $org, id: $id) { id name } }"
        let own = try await send(v1, query, variables: ["org": "acme", "id": "project-02"], headers: basic)
        #expect((data(own, "project") as? [String: Any])?["name"] as? String == "Project 2")
        let foreign = try await send(v1, query, variables: ["org": "acme", "id": "globex-secret"], headers: basic)
        #expect(errorCode(foreign) == "NOT_FOUND")
        let viaOtherOrganization = try await send(
            v1, query, variables: ["org": "globex", "id": "globex-secret"], headers: basic)
        #expect(errorCode(viaOtherOrganization) == "FORBIDDEN")
    }

    @Test func aMissingOrganizationIdIsABadRequest() async throws {
        let body = try await send(v1, "{ projects { items { id } } }", headers: basic)
        #expect(errorCode(body) == "BAD_REQUEST")
    }

    // MARK: Mutation

    static let createProject = """
        mutation($org: ID!, $input: CreateProjectInput!) {
          createProject(organizationId: $org, input: $input) {
            successful result { id name description } messages { field message code }
          }
        }
        """

    @Test func createProjectAnswersTheProject() async throws {
        let body = try await send(
            v2, Self.createProject,
            variables: ["org": "acme", "input": ["name": "Data Platform", "description": "ETL"]], headers: bearer)
        let payload = try #require(data(body, "createProject") as? [String: Any])
        #expect(payload["successful"] as? Bool == true)
        #expect((payload["messages"] as? [Any])?.isEmpty == true)
        let result = try #require(payload["result"] as? [String: Any])
        #expect(result["id"] as? String == "data-platform")
        #expect(result["description"] as? String == "ETL")
        #expect(emulator.massdriver.projects.contains { $0.id == "data-platform" && $0.organizationID == "acme" })
    }

    @Test(arguments: ["", "   "])
    func aBlankNameIsAValidationMessageNotAnError(name: String) async throws {
        let body = try await send(
            v2, Self.createProject, variables: ["org": "acme", "input": ["name": name]], headers: bearer)
        #expect(body["errors"] == nil)
        let expected = #"{"data":{"createProject":{"messages":[{"code":"required","field":"name","message":"can't be blank"}],"result":null,"successful":false}}}"#
        let raw = try await emulator.transport.send(
            Raw.graphQL(v2, Self.createProject, variables: ["org": "acme", "input": ["name": name]], headers: bearer))
        #expect(Raw.canonical(raw) == expected)
    }

    @Test func aDuplicateNameIsAValidationMessage() async throws {
        let variables: [String: Any] = ["org": "acme", "input": ["name": "Project 1 copy"]]
        _ = try await send(v2, Self.createProject, variables: variables, headers: bearer)
        let again = try await send(v2, Self.createProject, variables: variables, headers: bearer)
        let payload = try #require(data(again, "createProject") as? [String: Any])
        #expect(payload["successful"] as? Bool == false)
        #expect(((payload["messages"] as? [[String: Any]])?.first?["code"]) as? String == "unique")
    }

    @Test func createProjectInAnotherOrganizationIsForbidden() async throws {
        let body = try await send(
            v2, Self.createProject, variables: ["org": "globex", "input": ["name": "Sneaky"]], headers: bearer)
        #expect(errorCode(body) == "FORBIDDEN")
        #expect(!emulator.massdriver.projects.contains { $0.name == "Sneaky" })
    }

    // MARK: Malformed requests

    @Test func errorsMadeByTheEmulatorUseTheMassdriverShape() async throws {
        let cases: [(HTTPRequest, Int, String)] = [
            (Raw.postJSON(emulator.origins.massdriver.at("/api/v3"), ["query": "{ server { mode } }"]), 404, "NOT_FOUND"),
            (HTTPRequest(method: .get, url: v1), 405, "INTERNAL_SERVER_ERROR"),
            (HTTPRequest(method: .post, url: v1, headers: ["Content-Type": "application/json"], body: Data("[1]".utf8)),
                400, "BAD_REQUEST"),
            (Raw.postJSON(v1, ["query": "{ server { mode }"]), 400, "BAD_REQUEST"),
        ]
        for (request, status, code) in cases {
            let response = try await emulator.transport.send(request)
            #expect(response.status == status)
            let body = try Raw.json(response)
            #expect(errorCode(body) == code)
            #expect(body["data"] is NSNull)
        }
    }

    @Test func anUnknownFieldIsAValidationError() async throws {
        let body = try await send(v1, "{ packages { id } }", headers: basic)
        #expect(errorCode(body) == "GRAPHQL_VALIDATION_FAILED")
    }
}
