// expect-compiles
// MetaKraftwerk control: each operation compiles where the role grants it, including a user-defined role, and
// the unchecked acquisition gives the same typed handle.
import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk

enum InstanceAuthor: ProjectRole {
    typealias ReadsInstances = Granted
    typealias WritesInstances = Granted
}

func allowed(_ client: MetaKraftwerkClient) async throws {
    let owner = try await client.project(named: "DEMO_PROJECT", as: OwnerRole.self)
    let build = try await owner.startBuild(patternIDs: [808], releaseIDs: [1], description: "nightly")
    _ = try await owner.builds()
    _ = try await owner.build(id: build.id)
    for try await update in owner.watch(build) { _ = update.status }
    for file in try await owner.downloads(ofBuild: build.id) {
        try await owner.download(file, to: URL(fileURLWithPath: "/tmp/\(file.name)"))
    }
    _ = try await owner.instances(patternID: 808, named: "CUSTOMER")
    _ = try await owner.uploadInstances([InstanceUpload(name: "X", rows: [])], patternID: 808)
    let author = try await client.project(id: 402, as: InstanceAuthor.self)
    _ = try await author.uploadInstances([InstanceUpload(name: "X", rows: [["column": "ID"]])], patternID: 808)
    _ = try await author.instances()
    _ = try await client.project(id: 402, as: BuilderRole.self).startBuild(patternIDs: [808])
    _ = try await client.project(id: 402, as: EditorRole.self).uploadInstances([], patternID: 808)
    _ = try await client.project(id: 402, as: ViewerRole.self).downloads(ofBuild: build.id)
    _ = try await client.uncheckedProject(id: 402, as: BuilderRole.self).startBuild(patternIDs: [808])
    _ = InstanceAuthor.permissions.contains(.writeInstances)
    _ = try await client.projects().first?.permissions
}
