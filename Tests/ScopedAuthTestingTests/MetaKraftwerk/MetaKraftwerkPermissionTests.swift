import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("MetaKraftwerk per-project permissions")
struct MetaKraftwerkPermissionTests {
    /// A request that needs exactly one permission on the seeded project.
    struct GuardedRequest: Sendable, CustomStringConvertible {
        var permission: String
        var method: HTTPMethod
        var path: String
        /// The JSON body, as text, for the seeded emulator's ids.
        var body: @Sendable (MetaKraftwerkEmulator) -> String? = { _ in nil }
        var description: String { "\(method) \(path) needs \(permission)" }

        func json(_ emulator: MetaKraftwerkEmulator) -> Any? {
            body(emulator).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
        }
    }

    static let guarded: [GuardedRequest] = [
        GuardedRequest(permission: "read_instances", method: .get, path: "/api/v1/instances?project=DEMO_PROJECT"),
        GuardedRequest(permission: "write_instances", method: .post, path: "/api/v1/instances") { emulator in
            """
            {"project_id": \(emulator.seededProjectID), "pattern_id": \(emulator.seededPatternIDs[0]),
             "instances": [{"name": "NEW", "rows": []}]}
            """
        },
        GuardedRequest(permission: "read_builds", method: .get, path: "/api/v1/builds?project=DEMO_PROJECT"),
        GuardedRequest(permission: "write_builds", method: .post, path: "/api/v1/builds") { emulator in
            #"{"project_id": \#(emulator.seededProjectID), "patterns": \#(emulator.seededPatternIDs)}"#
        },
    ]

    @Test(
        "Each operation answers 403 Forbidden naming its permission when only that one is missing",
        arguments: guarded)
    func missingPermission(request: GuardedRequest) throws {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let missing = try #require(MetaKraftwerkPermission.all.first { $0.name == request.permission })
        emulator.setPermissions(
            MetaKraftwerkPermission.all.subtracting([missing]), email: emulator.seededUser.email,
            projectID: emulator.seededProjectID)
        let token = harness.token(emulator.seededUser)
        let denied = harness.send(request.method, request.path, token: token, json: request.json(emulator))
        let body = expectFeathersError(denied, code: 403, name: "Forbidden", className: "forbidden")
        #expect((body["data"] as? [String: Any])?["permission"] as? String == request.permission)

        emulator.setPermissions([missing], email: emulator.seededUser.email, projectID: emulator.seededProjectID)
        let allowed = harness.send(request.method, request.path, token: token, json: request.json(emulator))
        #expect(allowed.isSuccess, "\(allowed.status)")
    }

    @Test("read_deliveries guards the download list, a download and its file")
    func readDeliveries() throws {
        var harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let token = harness.token(emulator.seededUser)
        let buildID = MetaKraftwerkBuildTests.startBuild(harness, token: token)
        harness.now += 30
        let downloads = MetaKraftwerkHarness.array(
            harness.send(.get, "/api/v1/downloads?build_id=\(buildID)", token: token))
        let downloadID = try #require(downloads.first?["id"] as? Int)
        emulator.setPermissions(
            MetaKraftwerkPermission.all.subtracting([.readDeliveries]), email: emulator.seededUser.email,
            projectID: emulator.seededProjectID)
        for path in [
            "/api/v1/downloads?build_id=\(buildID)", "/api/v1/downloads/\(downloadID)",
            "/api/v1/downloads/\(downloadID)/file",
        ] {
            let body = expectFeathersError(
                harness.send(.get, path, token: token), code: 403, name: "Forbidden", className: "forbidden")
            #expect((body["data"] as? [String: Any])?["permission"] as? String == "read_deliveries", "\(path)")
        }
    }

    @Test("The read-only user reads but cannot write instances or start builds")
    func readOnlyUser() {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let token = harness.token(emulator.readOnlyUser)
        #expect(harness.send(.get, "/api/v1/instances?project=DEMO_PROJECT", token: token).status == 200)
        #expect(harness.send(.get, "/api/v1/builds?project=DEMO_PROJECT", token: token).status == 200)
        let start = harness.send(
            .post, "/api/v1/builds", token: token,
            json: ["project_id": emulator.seededProjectID, "patterns": emulator.seededPatternIDs])
        let body = expectFeathersError(start, code: 403, name: "Forbidden", className: "forbidden")
        #expect((body["data"] as? [String: Any])?["permission"] as? String == "write_builds")
    }

    @Test("Permissions are per project: the other project is forbidden, a user added there is allowed")
    func perProject() {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let seededToken = harness.token(emulator.seededUser)
        let path = "/api/v1/instances?project_id=\(emulator.otherProjectID)"
        _ = expectFeathersError(
            harness.send(.get, path, token: seededToken), code: 403, name: "Forbidden", className: "forbidden")
        let newcomer = EmailPassword(email: "new@metakraftwerk.test", password: Secret("pw"))
        emulator.addUser(
            email: newcomer.email, password: "pw", permissions: [.readInstances], projectID: emulator.otherProjectID)
        #expect(harness.send(.get, path, token: harness.token(newcomer)).status == 200)
    }

    @Test("Builds listed without a project filter are only those the user may read")
    func unfilteredBuildList() {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        _ = MetaKraftwerkBuildTests.startBuild(harness, token: harness.token(emulator.seededUser))
        let outsider = EmailPassword(email: "outsider@metakraftwerk.test", password: Secret("pw"))
        emulator.addUser(email: outsider.email, password: "pw")
        let outsiderBuilds = harness.send(.get, "/api/v1/builds", token: harness.token(outsider))
        #expect(outsiderBuilds.status == 200)
        #expect(MetaKraftwerkHarness.array(outsiderBuilds).isEmpty)
        let ownBuilds = harness.send(.get, "/api/v1/builds", token: harness.token(emulator.seededUser))
        #expect(MetaKraftwerkHarness.array(ownBuilds).count == 1)
    }
}
