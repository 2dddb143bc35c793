import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("MetaKraftwerk builds and downloads")
struct MetaKraftwerkBuildTests {
    /// Starts a build of the seeded project's patterns and returns its id (0 when the start failed).
    static func startBuild(_ harness: MetaKraftwerkHarness, token: String) -> Int {
        let body: [String: Any] = [
            "project_id": harness.emulator.seededProjectID, "patterns": harness.emulator.seededPatternIDs,
            "releases": [7], "description": "nightly",
        ]
        return MetaKraftwerkHarness.object(harness.send(.post, "/api/v1/builds", token: token, json: body))["id"]
            as? Int ?? 0
    }

    static func downloads(_ harness: MetaKraftwerkHarness, buildID: Int, token: String) -> [[String: Any]] {
        MetaKraftwerkHarness.array(harness.send(.get, "/api/v1/downloads?build_id=\(buildID)", token: token))
    }

    @Test("POST /api/v1/builds answers 201 with a BUILDING build at progress 0")
    func startAnswersBuilding() throws {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let token = harness.token(emulator.seededUser)
        let response = harness.send(
            .post, "/api/v1/builds", token: token,
            json: ["project_id": emulator.seededProjectID, "patterns": [emulator.seededPatternIDs[0]]])
        #expect(response.status == 201)
        let build = MetaKraftwerkHarness.object(response)
        #expect(build["status"] as? String == "BUILDING")
        #expect(build["progress"] as? Int == 0)
        #expect(build["project_id"] as? Int == emulator.seededProjectID)
        #expect(build["patterns"] as? [Int] == [emulator.seededPatternIDs[0]])
        #expect(build["user_id"] as? Int == emulator.seededUserID)
        #expect(build["build_start"] as? String == "2026-01-01T00:00:00.000Z")
        #expect(build["build_end"] is NSNull)
        #expect(build["downloads"] as? [Any] != nil)
    }

    @Test("A build progresses over the clock to FINISHED, and only then lists downloads whose bytes match")
    func buildFinishes() throws {
        var harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        let buildID = Self.startBuild(harness, token: token)
        #expect(Self.downloads(harness, buildID: buildID, token: token).isEmpty)

        harness.now += 15
        let halfway = MetaKraftwerkHarness.object(harness.send(.get, "/api/v1/builds/\(buildID)", token: token))
        #expect(halfway["status"] as? String == "BUILDING")
        #expect(halfway["progress"] as? Int == 50)
        #expect(Self.downloads(harness, buildID: buildID, token: token).isEmpty)

        harness.now += 15
        let done = MetaKraftwerkHarness.object(harness.send(.get, "/api/v1/builds/\(buildID)", token: token))
        #expect(done["status"] as? String == "FINISHED")
        #expect(done["progress"] as? Int == 100)
        #expect(done["build_end"] as? String == "2026-01-01T00:00:30.000Z")
        #expect(done["releases"] as? [Int] == [7])
        #expect(done["description"] as? String == "nightly")

        let downloads = MetaKraftwerkHarness.array(
            harness.send(.get, "/api/v1/downloads?build_id=\(buildID)", token: token))
        #expect(downloads.map { $0["pattern_id"] as? Int } == harness.emulator.seededPatternIDs)
        let download = try #require(downloads.first)
        for field in [
            "id", "customer_id", "pattern_id", "name", "file_name", "type", "build_id", "project_id", "version",
            "upload_id", "file_id", "downloaded", "instance_id",
        ] {
            #expect(download[field] != nil, "missing \(field)")
        }
        #expect(download["build_id"] as? Int == buildID)
        let downloadID = try #require(download["id"] as? Int)
        let file = harness.send(.get, "/api/v1/downloads/\(downloadID)/file", token: token)
        #expect(file.status == 200)
        #expect(file.headers["Content-Type"] == "application/octet-stream")
        #expect(file.body == harness.emulator.fileContents(ofDownload: downloadID))
        #expect(String(decoding: file.body, as: UTF8.self).contains("build \(buildID)"))

        let listed = MetaKraftwerkHarness.array(
            harness.send(.get, "/api/v1/builds?project_id=\(harness.emulator.seededProjectID)", token: token))
        #expect(listed.map { $0["id"] as? Int } == [buildID])
        #expect(listed.first?["status"] as? String == "FINISHED")
    }

    @Test("A build set to fail ends FAILED with its message after its duration, with no download")
    func buildFailsByOutcome() {
        var harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        harness.emulator.buildDuration = .seconds(10)
        let buildID = Self.startBuild(harness, token: token)
        harness.emulator.setOutcome(.failed(message: "Pattern has errors"), ofBuild: buildID)
        harness.now += 10
        let build = MetaKraftwerkHarness.object(harness.send(.get, "/api/v1/builds/\(buildID)", token: token))
        #expect(build["status"] as? String == "FAILED")
        #expect(build["message"] as? String == "Pattern has errors")
        #expect(Self.downloads(harness, buildID: buildID, token: token).isEmpty)
    }

    @Test("failBuild makes a running build FAILED at once, keeping its progress")
    func buildFailsNow() {
        var harness = MetaKraftwerkHarness()
        let token = harness.token(harness.emulator.seededUser)
        let buildID = Self.startBuild(harness, token: token)
        harness.now += 6
        harness.emulator.failBuild(buildID, message: "Agent lost")
        let build = MetaKraftwerkHarness.object(harness.send(.get, "/api/v1/builds/\(buildID)", token: token))
        #expect(build["status"] as? String == "FAILED")
        #expect(build["message"] as? String == "Agent lost")
        #expect(build["progress"] as? Int == 20)
        harness.now += 60
        let later = MetaKraftwerkHarness.object(harness.send(.get, "/api/v1/builds/\(buildID)", token: token))
        #expect(later["status"] as? String == "FAILED")
    }

    @Test("Malformed build starts answer 400; unknown builds and downloads 404")
    func buildErrors() {
        let harness = MetaKraftwerkHarness()
        let emulator = harness.emulator
        let token = harness.token(emulator.seededUser)
        let project = emulator.seededProjectID
        let bodies: [[String: Any]] = [
            ["patterns": emulator.seededPatternIDs],
            ["project_id": project],
            ["project_id": project, "patterns": [Int]()],
            ["project_id": project, "patterns": [1]],
            ["project_id": project, "patterns": emulator.seededPatternIDs, "releases": "x"],
            ["project_id": project, "patterns": emulator.seededPatternIDs, "description": 3],
        ]
        for body in bodies {
            _ = expectFeathersError(
                harness.send(.post, "/api/v1/builds", token: token, json: body), code: 400, name: "BadRequest",
                className: "bad-request")
        }
        for path in ["/api/v1/builds/1", "/api/v1/downloads?build_id=1", "/api/v1/downloads/1/file"] {
            _ = expectFeathersError(
                harness.send(.get, path, token: token), code: 404, name: "NotFound", className: "not-found")
        }
        _ = expectFeathersError(
            harness.send(.get, "/api/v1/downloads", token: token), code: 400, name: "BadRequest",
            className: "bad-request")
        _ = expectFeathersError(
            harness.send(.post, "/api/v1/builds", token: token, json: ["project_id": 1, "patterns": [1]]), code: 404,
            name: "NotFound", className: "not-found")
    }
}
