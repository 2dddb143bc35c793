import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk
import ScopedAuthTesting
import Testing

@Suite("MetaKraftwerk project operations per role")
struct ProjectOperationTests {
    @Test("project(named:) and project(id:) find the same project; an unknown name is notFound")
    func projectLookup() async throws {
        let fixture = MetaKraftwerkFixture()
        let byName = try await fixture.client.project(named: "DEMO_PROJECT", as: ViewerRole.self)
        let byID = try await fixture.client.project(id: fixture.projectID, as: OwnerRole.self)
        #expect(byName.id == fixture.projectID)
        #expect(byID.name == "DEMO_PROJECT")
        let missing = try await #require(throws: AuthError.self) {
            try await fixture.client.project(named: "NO_SUCH_PROJECT", as: ViewerRole.self)
        }
        #expect(missing.kind == .notFound)
        let unknownID = try await #require(throws: AuthError.self) {
            try await fixture.client.project(id: 9_999, as: ViewerRole.self)
        }
        #expect(unknownID.kind == .notFound)
        #expect(unknownID.status == 404)
    }

    @Test("A viewer lists instances (filtered by pattern and name), builds and downloads")
    func viewerReads() async throws {
        let fixture = MetaKraftwerkFixture { $0.readOnlyUser }
        let project = try await fixture.client.project(named: "DEMO_PROJECT", as: ViewerRole.self)
        let instances = try await project.instances()
        #expect(instances.count == 3)
        #expect(instances.allSatisfy { $0.projectID == fixture.projectID })
        let firstPattern = try await project.instances(patternID: fixture.patternIDs[0])
        #expect(firstPattern.map(\.name).sorted() == ["CUSTOMER", "ORDER"])
        let customers = try await project.instances(named: "CUSTOMER")
        #expect(customers.count == 2)
        #expect(customers.first?.rows.first?["column"] == "ID")
        #expect(try await project.builds().isEmpty)

        let owner = try await fixture.makeClient(fixture.service.seededUser)
            .project(named: "DEMO_PROJECT", as: OwnerRole.self)
        let build = try await owner.startBuild(patternIDs: fixture.patternIDs)
        fixture.clock.advance(by: .seconds(30))
        #expect(try await project.builds().map(\.status) == [.finished])
        let downloads = try await project.downloads(ofBuild: build.id)
        #expect(downloads.count == 2)
        #expect(Set(downloads.compactMap(\.patternID)) == Set(fixture.patternIDs))
        #expect(downloads.allSatisfy { $0.buildID == build.id && $0.projectID == fixture.projectID })
    }

    @Test("An editor uploads instances: a new one at version 1, an existing one at the next version")
    func editorUploads() async throws {
        let fixture = MetaKraftwerkFixture()
        let project = try await fixture.client.project(named: "DEMO_PROJECT", as: EditorRole.self)
        let rows: [[String: MetadataValue]] = [
            ["column": "ID", "type": "NUMBER", "length": 10, "nullable": false, "scale": 0.5, "comment": nil],
        ]
        let saved = try await project.uploadInstances(
            [InstanceUpload(name: "INVOICE", rows: rows), InstanceUpload(name: "CUSTOMER", rows: rows)],
            patternID: fixture.patternIDs[0])
        #expect(saved.map(\.name) == ["INVOICE", "CUSTOMER"])
        #expect(saved.map(\.version) == [1, 2])
        #expect(saved.first?.rows == rows)
        let listed = try await project.instances(patternID: fixture.patternIDs[0], named: "INVOICE")
        #expect(listed.map(\.id) == [saved[0].id])
    }

    @Test("A builder starts a build that lists as BUILDING with its patterns, releases and description")
    func builderStartsBuild() async throws {
        let fixture = MetaKraftwerkFixture()
        let project = try await fixture.client.project(named: "DEMO_PROJECT", as: BuilderRole.self)
        let build = try await project.startBuild(
            patternIDs: fixture.patternIDs, releaseIDs: [7], description: "nightly")
        #expect(build.status == .building)
        #expect(build.progress == 0)
        #expect(build.patternIDs == fixture.patternIDs)
        #expect(build.releaseIDs == [7])
        #expect(build.descriptionText == "nightly")
        #expect(build.startedAt == fixture.clock.wallClockNow)
        #expect(build.endedAt == nil)
        #expect(try await project.builds().map(\.id) == [build.id])
        #expect(try await project.build(id: build.id).status == .building)
    }

    @Test("The server is the judge: an unchecked role the user does not hold fails with a 403 naming it")
    func serverSideForbidden() async throws {
        let fixture = MetaKraftwerkFixture { $0.readOnlyUser }
        let builder = try await fixture.client.uncheckedProject(id: fixture.projectID, as: BuilderRole.self)
        let startError = try await #require(throws: ProjectPermissionError.self) {
            try await builder.startBuild(patternIDs: fixture.patternIDs)
        }
        #expect(startError.permission == .writeBuilds)
        #expect(startError.projectID == fixture.projectID)
        #expect(startError.status == 403)
        #expect(startError.kind == .forbidden)
        #expect(startError.serviceMessage?.contains("write_builds") == true)
        #expect(startError.authError.kind == .forbidden)
        #expect("\(startError)".contains("write_builds"))

        let editor = try await fixture.client.uncheckedProject(id: fixture.projectID, as: EditorRole.self)
        let uploadError = try await #require(throws: ProjectPermissionError.self) {
            try await editor.uploadInstances([InstanceUpload(name: "X", rows: [])], patternID: fixture.patternIDs[0])
        }
        #expect(uploadError.permission == .writeInstances)
    }

    @Test("Without read_deliveries, listing results is refused; on a foreign project even reading instances is")
    func missingReadPermissions() async throws {
        let fixture = MetaKraftwerkFixture()
        let owner = try await fixture.client.project(named: "DEMO_PROJECT", as: OwnerRole.self)
        let build = try await owner.startBuild(patternIDs: [fixture.patternIDs[0]])
        fixture.service.setPermissions(
            [.readInstances, .readBuilds, .writeBuilds], email: fixture.service.seededUser.email,
            projectID: fixture.projectID)
        let deliveries = try await #require(throws: ProjectPermissionError.self) {
            try await owner.downloads(ofBuild: build.id)
        }
        #expect(deliveries.permission == .readDeliveries)

        let other = try await fixture.client.uncheckedProject(id: fixture.service.otherProjectID, as: ViewerRole.self)
        let instances = try await #require(throws: ProjectPermissionError.self) { try await other.instances() }
        #expect(instances.permission == .readInstances)
        #expect(instances.projectID == fixture.service.otherProjectID)
        let builds = try await #require(throws: ProjectPermissionError.self) { try await other.builds() }
        #expect(builds.permission == .readBuilds)
    }

    @Test("A build of another project is notFound through this project's handle")
    func buildOfAnotherProject() async throws {
        let fixture = MetaKraftwerkFixture()
        let otherID = fixture.service.addProject(name: "THIRD", patternNames: ["P"])
        fixture.service.setPermissions(MetaKraftwerkPermission.all, email: fixture.service.seededUser.email, projectID: otherID)
        let third = try await fixture.client.project(id: otherID, as: OwnerRole.self)
        let build = try await third.startBuild(patternIDs: fixture.service.patternIDs(projectID: otherID))
        let demo = try await fixture.client.project(id: fixture.projectID, as: OwnerRole.self)
        let error = try await #require(throws: AuthError.self) { try await demo.build(id: build.id) }
        #expect(error.kind == .notFound)
    }

    /// Found by the chaos suite: a transport error left after the retries used to escape untyped.
    @Test("A dropped connection on an API call is a transient AuthError, and the next call works")
    func droppedConnectionIsTransient() async throws {
        let fixture = MetaKraftwerkFixture()
        let client = MetaKraftwerkClient(
            credential: fixture.service.seededUser, baseURL: fixture.emulator.origins.metaKraftwerk,
            transport: fixture.emulator.transport, clock: fixture.clock, retryPolicy: .none)
        fixture.emulator.faults.inject(.dropConnection, on: .metaKraftwerk, method: .get)
        let error = try await #require(throws: AuthError.self) { try await client.projects() }
        #expect(error.kind == .transient)
        #expect(try await !client.projects().isEmpty)
    }
}
