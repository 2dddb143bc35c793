import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk
import ScopedAuthTesting
import Testing

@Suite("Acquiring a role-typed project handle checks the role against the permissions the server reports")
struct RoleCheckTests {
    /// A user role that reads instances and builds, and nothing else.
    enum Auditor: ProjectRole {
        typealias ReadsInstances = Granted
        typealias ReadsBuilds = Granted
    }

    /// A user role that tries to start builds while declaring, by hand, that it needs no permission.
    enum SelfDeclaredRunner: ProjectRole {
        typealias WritesBuilds = Granted
        static var permissions: Set<ProjectPermission> { [] }
    }

    /// The paths of every `/api/v1` request the emulator received.
    static func apiPaths(_ fixture: MetaKraftwerkFixture) -> [String] {
        fixture.emulator.requests(to: .metaKraftwerk).map(\.url.path).filter { $0.hasPrefix("/api/v1") }
    }

    @Test("The server lists each project with the signed-in user's permissions")
    func projectsCarryPermissions() async throws {
        let fixture = MetaKraftwerkFixture { $0.readOnlyUser }
        let projects = try await fixture.client.projects()
        let demo = try #require(projects.first { $0.id == fixture.projectID })
        #expect(demo.permissions == [.readInstances, .readBuilds, .readDeliveries])
        #expect(projects.first { $0.id == fixture.service.otherProjectID }?.permissions == [])
    }

    @Test("A read-only user asking for a builder handle is refused before any build request is sent")
    func readOnlyUserCannotHoldBuilder() async throws {
        let fixture = MetaKraftwerkFixture { $0.readOnlyUser }
        let error = try await #require(throws: ProjectPermissionError.self) {
            try await fixture.client.project(named: "DEMO_PROJECT", as: BuilderRole.self)
        }
        #expect(error.missingPermissions == [.writeBuilds])
        #expect(error.permission == .writeBuilds)
        #expect(error.projectID == fixture.projectID)
        #expect(error.role == "BuilderRole")
        #expect(error.status == nil)
        #expect("\(error)".contains("write_builds"))
        #expect(Self.apiPaths(fixture) == ["/api/v1/projects"])
        #expect(!Self.apiPaths(fixture).contains("/api/v1/builds"))

        let owner = try await #require(throws: ProjectPermissionError.self) {
            try await fixture.client.project(id: fixture.projectID, as: OwnerRole.self)
        }
        #expect(owner.missingPermissions == [.writeInstances, .writeBuilds])
        #expect(Self.apiPaths(fixture) == ["/api/v1/projects", "/api/v1/projects/\(fixture.projectID)"])
    }

    @Test("A user role with exactly the permissions the user holds is accepted; one more is refused")
    func customRoleMatchingPermissions() async throws {
        let fixture = MetaKraftwerkFixture()
        let email = "auditor@example.com"
        fixture.service.addUser(
            email: email, password: "auditor-password", permissions: [.readInstances, .readBuilds],
            projectID: fixture.projectID)
        let client = fixture.makeClient(EmailPassword(email: email, password: Secret("auditor-password")))
        let auditor = try await client.project(named: "DEMO_PROJECT", as: Auditor.self)
        #expect(try await auditor.instances().count == 3)
        #expect(try await auditor.builds().isEmpty)
        let viewer = try await #require(throws: ProjectPermissionError.self) {
            try await client.project(named: "DEMO_PROJECT", as: ViewerRole.self)
        }
        #expect(viewer.missingPermissions == [.readDeliveries])
    }

    @Test("The check reads the role's associated types, not a permissions value the role declares itself")
    func declaredPermissionsCannotHideACapability() async throws {
        let fixture = MetaKraftwerkFixture { $0.readOnlyUser }
        #expect(SelfDeclaredRunner.permissions.isEmpty)
        let error = try await #require(throws: ProjectPermissionError.self) {
            try await fixture.client.project(id: fixture.projectID, as: SelfDeclaredRunner.self)
        }
        #expect(error.missingPermissions == [.writeBuilds])
    }

    @Test("Without reported permissions the checked call fails clearly; the unchecked one leaves the server to judge")
    func permissionsNotReported() async throws {
        let fixture = MetaKraftwerkFixture { $0.readOnlyUser }
        fixture.service.reportsPermissions = false
        #expect(try await fixture.client.projects().allSatisfy { $0.permissions == nil })
        let byName = try await #require(throws: ProjectPermissionsNotReportedError.self) {
            try await fixture.client.project(named: "DEMO_PROJECT", as: ViewerRole.self)
        }
        #expect(byName.projectID == fixture.projectID)
        #expect(byName.role == "ViewerRole")
        #expect("\(byName)".contains("uncheckedProject"))
        _ = try await #require(throws: ProjectPermissionsNotReportedError.self) {
            try await fixture.client.project(id: fixture.projectID, as: ViewerRole.self)
        }

        let viewer = try await fixture.client.uncheckedProject(id: fixture.projectID, as: ViewerRole.self)
        #expect(try await viewer.instances().count == 3)
        let builder = try await fixture.client.uncheckedProject(id: fixture.projectID, as: BuilderRole.self)
        let refused = try await #require(throws: ProjectPermissionError.self) {
            try await builder.startBuild(patternIDs: fixture.patternIDs)
        }
        #expect(refused.status == 403)
        #expect(refused.role == nil)
        #expect(refused.missingPermissions == [.writeBuilds])
        #expect(Self.apiPaths(fixture).last == "/api/v1/builds")
    }
}
