import Foundation
import ScopedAuth
import ScopedAuthMassdriver
import ScopedAuthTesting
import Testing

@Suite("Massdriver GraphQL errors")
struct MassdriverErrorTests {
    let harness = MassdriverHarness()

    static func client(_ transport: CannedTransport) -> MassdriverClient<MassdriverServiceAccountSecret> {
        MassdriverClient(
            credential: MassdriverServiceAccountSecret(organizationID: "acme", secret: Secret("s")),
            baseURL: URL(string: "https://api.massdriver.cloud")!, transport: transport, clock: ManualClock(),
            retryPolicy: .none)
    }

    /// The v1 docs put `code` at the top of each error; the v2 docs put it in `extensions`.
    static func body(code: String, shape: String) -> String {
        let codeField = shape == "v1" ? #""code":"\#(code)""# : #""extensions":{"code":"\#(code)"}"#
        return #"{"data":{"viewer":null},"errors":[{"message":"said \#(code)",\#(codeField),"path":["viewer"]}]}"#
    }

    @Test(arguments: ["v1", "v2"], [
        ("UNAUTHENTICATED", AuthError.Kind.invalidCredentials),
        ("FORBIDDEN", .forbidden),
        ("PERMISSION_DENIED", .forbidden),
        ("NOT_FOUND", .notFound),
    ])
    func documentedCodesBecomeTypedErrorsInEitherShape(shape: String, mapping: (String, AuthError.Kind)) async {
        let client = Self.client(CannedTransport(body: Self.body(code: mapping.0, shape: shape)))
        let error = await authError { _ = try await client.viewer() }
        #expect(error?.kind == mapping.1)
        #expect(error?.serviceMessage == "said \(mapping.0)")
        #expect(error?.status == 200)
    }

    @Test(arguments: ["v1", "v2"])
    func otherCodesKeepTheirText(shape: String) async throws {
        let client = Self.client(CannedTransport(body: Self.body(code: "INTERNAL_SERVER_ERROR", shape: shape)))
        do {
            _ = try await client.viewer()
            Issue.record("expected a GraphQL error")
        } catch let error as MassdriverGraphQLError {
            #expect(error.code == "INTERNAL_SERVER_ERROR")
            #expect(error.message == "said INTERNAL_SERVER_ERROR")
            #expect(error.entries.first?.path == ["viewer"])
            #expect("\(error)".contains("said INTERNAL_SERVER_ERROR"))
        }
    }

    @Test func anErrorWithoutCodeKeepsItsText() async throws {
        let client = Self.client(CannedTransport(body: #"{"errors":[{"message":"Syntax error"}]}"#))
        await #expect(throws: MassdriverGraphQLError(entries: [.init(code: nil, message: "Syntax error")])) {
            _ = try await client.viewer()
        }
    }

    @Test func aKnownCodeAmongSeveralErrorsDecides() async {
        let body = #"{"errors":[{"message":"odd","code":"WEIRD"},{"message":"nope","extensions":{"code":"FORBIDDEN"}}]}"#
        let error = await authError { _ = try await Self.client(CannedTransport(body: body)).viewer() }
        #expect(error?.kind == .forbidden)
        #expect(error?.serviceMessage == "nope")
    }

    @Test(arguments: [(401, AuthError.Kind.invalidCredentials), (403, .forbidden), (404, .notFound), (500, .serverError)])
    func httpStatusesMapLikeTheOfficialSDK(status: Int, kind: AuthError.Kind) async {
        let body = #"{"errors":[{"message":"from the body","code":"WHATEVER"}]}"#
        let error = await authError { _ = try await Self.client(CannedTransport(status: status, body: body)).viewer() }
        #expect(error?.kind == kind)
        #expect(error?.status == status)
        #expect(error?.serviceMessage == "from the body")
    }

    @Test(arguments: ["", "{", "<html>", #"{"data":{"viewer":{"__typename":"Robot"}}}"#, #"{"data":null}"#, "[]"])
    func unreadableBodiesAreMalformedResponses(body: String) async {
        let error = await authError { _ = try await Self.client(CannedTransport(body: body)).viewer() }
        #expect(error?.kind == .malformedResponse)
    }

    // MARK: Against the emulator (which sends both shapes at once)

    @Test func anotherOrganizationIsForbidden() async {
        let client = harness.client(harness.serviceAccount)
        let error = await authError { for try await _ in client.projects(organizationID: "globex") {} }
        #expect(error?.kind == .forbidden)
    }

    @Test func anUnknownOrganizationIsNotFound() async {
        let client = harness.client(harness.accessToken)
        let error = await authError { for try await _ in client.environments(organizationID: "initech") {} }
        #expect(error?.kind == .notFound)
    }

    @Test func aMissingProjectIsNotFound() async {
        let client = harness.client(harness.serviceAccount)
        let error = await authError {
            _ = try await client.execute(
                MassdriverQuery<MassdriverProjectSummary>(
                    "query($id: ID!) { project(organizationId: \"acme\", id: $id) { id name description } }",
                    variables: ["id": "no-such-project"], rootField: "project"))
        }
        #expect(error?.kind == .notFound)
    }

    @Test func customQueryDecodesItsRootField() async throws {
        let client = harness.client(harness.serviceAccount)
        let project = try await client.execute(
            MassdriverQuery<MassdriverProjectSummary>(
                "query($id: ID!) { project(organizationId: \"acme\", id: $id) { id name description } }",
                variables: ["id": "project-07"], rootField: "project"))
        #expect(project == MassdriverProjectSummary(id: "project-07", name: "Project 7", description: nil))
    }

    @Test func unsuccessfulMutationIsAValidationError() async throws {
        let client = harness.client(harness.serviceAccount)
        do {
            _ = try await client.createProject(organizationID: "acme", name: "  ")
            Issue.record("expected a validation error")
        } catch let error as MassdriverValidationError {
            #expect(error.operation == "createProject")
            #expect(error.messages == [.init(field: "name", message: "can't be blank", code: "required")])
        }
        let created = try await client.createProject(organizationID: "acme", name: "Edge API", description: "new")
        #expect(created == MassdriverProjectSummary(id: "edge-api", name: "Edge API", description: "new"))
        await #expect(throws: MassdriverValidationError.self) {
            _ = try await client.createProject(organizationID: "acme", name: "Edge API")
        }
        #expect(harness.emulator.massdriver.projects.filter { $0.id == "edge-api" }.count == 1)
    }

    @Test func serverFailuresAndBrokenBodiesAreTyped() async throws {
        let client = harness.client(harness.serviceAccount)
        harness.emulator.faults.inject(.status(500), on: .massdriver)
        #expect(await authError { _ = try await client.viewer() }?.kind == .serverError)
        harness.emulator.faults.inject(.truncateBody, on: .massdriver)
        #expect(await authError { _ = try await client.viewer() }?.kind == .malformedResponse)
        harness.emulator.faults.inject(.malformedBody, on: .massdriver)
        #expect(await authError { _ = try await client.viewer() }?.kind == .malformedResponse)
        #expect(try await client.viewer().id == harness.emulator.massdriver.seededServiceAccount.id)
    }

    /// Found by the chaos suite: a dropped connection used to reach the caller as the transport's own error.
    @Test func droppedConnectionIsATransientAuthError() async throws {
        let client = harness.client(harness.serviceAccount)
        harness.emulator.faults.inject(.dropConnection, on: .massdriver)
        #expect(await authError { _ = try await client.viewer() }?.kind == .transient)
        #expect(try await client.viewer().id == harness.emulator.massdriver.seededServiceAccount.id)
    }
}
