import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("MetaKraftwerk projects and instances")
struct MetaKraftwerkProjectAndInstanceTests {
    @Test("GET /api/v1/projects answers a bare array, filtered by name")
    func projects() throws {
        let harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        let all = harness.send(.get, "/api/v1/projects", token: token)
        #expect(all.status == 200)
        #expect(MetaKraftwerkHarness.array(all).count == 2)
        let named = MetaKraftwerkHarness.array(harness.send(.get, "/api/v1/projects?name=DEMO_PROJECT", token: token))
        let project = try #require(named.first)
        #expect(named.count == 1)
        #expect(project["id"] as? Int == harness.emulator.seededProjectID)
        #expect(project["name"] as? String == "DEMO_PROJECT")
        #expect(project["deleted"] as? Bool == false)
        #expect(project["disabled"] as? Bool == false)
    }

    @Test("GET /api/v1/projects/:id answers the project; an unknown id answers 404 NotFound")
    func projectByID() {
        let harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        let found = harness.send(.get, "/api/v1/projects/\(harness.emulator.seededProjectID)", token: token)
        #expect(MetaKraftwerkHarness.object(found)["name"] as? String == "DEMO_PROJECT")
        for id in ["999999", "abc"] {
            _ = expectFeathersError(
                harness.send(.get, "/api/v1/projects/\(id)", token: token), code: 404, name: "NotFound",
                className: "not-found")
        }
    }

    @Test("GET /api/v1/instances by project name or id answers the project's instances")
    func listInstances() throws {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let token = harness.token(emulator.seededUser)
        let byName = harness.send(.get, "/api/v1/instances?project=DEMO_PROJECT", token: token)
        let byID = harness.send(.get, "/api/v1/instances?project_id=\(emulator.seededProjectID)", token: token)
        #expect(byName.status == 200)
        let instances = MetaKraftwerkHarness.array(byName)
        #expect(instances.count == 3)
        #expect(instances.map { $0["id"] as? Int } == MetaKraftwerkHarness.array(byID).map { $0["id"] as? Int })
        let first = try #require(instances.first)
        for field in [
            "id", "customer_id", "name", "project_id", "pattern_id", "errors", "instance_folder_id", "version",
            "description", "release_id", "identity_id", "user_id", "latest_commit_id", "labels",
        ] {
            #expect(first[field] != nil, "missing \(field)")
        }
        let pattern = emulator.seededPatternIDs[1]
        let filtered = harness.send(
            .get, "/api/v1/instances?project_id=\(emulator.seededProjectID)&pattern_id=\(pattern)", token: token)
        #expect(MetaKraftwerkHarness.array(filtered).map { $0["pattern_id"] as? Int } == [pattern])
    }

    @Test(
        "GET /api/v1/instances needs exactly one of project and project_id",
        arguments: ["", "?project=DEMO_PROJECT&project_id=402", "?project_id=abc"])
    func instancesNeedOneProject(query: String) {
        let harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        let response = harness.send(.get, "/api/v1/instances\(query)", token: token)
        _ = expectFeathersError(response, code: 400, name: "BadRequest", className: "bad-request")
    }

    @Test("An unknown project answers 404 on instances")
    func unknownProject() {
        let harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        for query in ["project=NOPE", "project_id=1"] {
            _ = expectFeathersError(
                harness.send(.get, "/api/v1/instances?\(query)", token: token), code: 404, name: "NotFound",
                className: "not-found")
        }
    }

    @Test("POST /api/v1/instances creates new instances and versions existing ones, answering 201")
    func uploadInstances() throws {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let token = harness.token(emulator.seededUser)
        let body: [String: Any] = [
            "project_id": emulator.seededProjectID, "pattern_id": emulator.seededPatternIDs[0],
            "instances": [
                ["name": "CUSTOMER", "rows": [["column": "EMAIL", "type": "VARCHAR"]]],
                ["name": "INVOICE", "rows": [["column": "TOTAL", "type": "NUMBER"]]],
            ],
        ]
        let response = harness.send(.post, "/api/v1/instances", token: token, json: body)
        #expect(response.status == 201)
        let saved = MetaKraftwerkHarness.array(response)
        #expect(saved.map { $0["name"] as? String } == ["CUSTOMER", "INVOICE"])
        #expect(saved.map { $0["version"] as? Int } == [2, 1])
        let rows = try #require(saved.first?["rows"] as? [[String: Any]])
        #expect(rows.first?["column"] as? String == "EMAIL")
        let listed = harness.send(.get, "/api/v1/instances?project=DEMO_PROJECT", token: token)
        #expect(MetaKraftwerkHarness.array(listed).count == 4)
    }

    @Test("POST /api/v1/instances with a malformed body answers 400 and changes nothing")
    func malformedUpload() {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let token = harness.token(emulator.seededUser)
        let project = emulator.seededProjectID
        let pattern = emulator.seededPatternIDs[0]
        let bodies: [[String: Any]] = [
            ["pattern_id": pattern, "instances": [["name": "A"]]],
            ["project_id": project, "instances": [["name": "A"]]],
            ["project_id": project, "pattern_id": 1, "instances": [["name": "A"]]],
            ["project_id": project, "pattern_id": pattern, "instances": [Any]()],
            ["project_id": project, "pattern_id": pattern, "instances": [["name": "A"], ["rows": [Any]()]]],
            ["project_id": project, "pattern_id": pattern, "instances": [["name": "A", "rows": [1, 2]]]],
        ]
        for body in bodies {
            let response = harness.send(.post, "/api/v1/instances", token: token, json: body)
            _ = expectFeathersError(response, code: 400, name: "BadRequest", className: "bad-request")
        }
        let listed = harness.send(.get, "/api/v1/instances?project=DEMO_PROJECT", token: token)
        #expect(MetaKraftwerkHarness.array(listed).count == 3)
    }

    @Test("Unknown routes answer 404 and unsupported methods 405")
    func routing() {
        let harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        _ = expectFeathersError(
            harness.send(.get, "/api/v1/nothing", token: token), code: 404, name: "NotFound", className: "not-found")
        _ = expectFeathersError(
            harness.send(.delete, "/api/v1/projects/402", token: token), code: 405, name: "MethodNotAllowed",
            className: "method-not-allowed")
        #expect(harness.send(.get, "/authentication").status == 405)
    }
}
