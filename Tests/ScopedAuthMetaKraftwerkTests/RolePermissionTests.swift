import ScopedAuth
import ScopedAuthMetaKraftwerk
import Testing

@Suite("Project roles")
struct RolePermissionTests {
    /// A role defined by its associated types, as users write their own.
    enum InstanceAuthor: ProjectRole {
        typealias ReadsInstances = Granted
        typealias WritesInstances = Granted
    }

    @Test("Each predefined role grants exactly its permissions")
    func predefinedRoles() {
        #expect(ViewerRole.permissions == [.readInstances, .readBuilds, .readDeliveries])
        #expect(BuilderRole.permissions == [.readInstances, .readBuilds, .writeBuilds, .readDeliveries])
        #expect(EditorRole.permissions == [.readInstances, .writeInstances, .readBuilds, .readDeliveries])
        #expect(OwnerRole.permissions.count == 5)
        #expect(InstanceAuthor.permissions == [.readInstances, .writeInstances])
    }

    @Test("Permission names round-trip through the server's identifiers", arguments: [
        "read_instances", "write_instances", "read_builds", "write_builds", "read_deliveries", "manage_releases",
    ])
    func permissionNames(name: String) {
        #expect(ProjectPermission(name: name).name == name)
    }
}
