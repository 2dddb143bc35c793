// expect-compiles
// MetaKraftwerk control: each operation compiles where the role allows it, including a user-defined role.
import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk

enum InstanceAuthor: ReadsInstances, WritesInstances {}

func allowed(_ client: MetaKraftwerkClient) async throws {
    let owner = try await client.project(named: "DEMO_PROJECT", as: OwnerRole.self)
    let build = try await owner.startBuild(patternIDs: [808])
    for try await update in owner.watch(build) { _ = update.status }
    for file in try await owner.downloads(ofBuild: build.id) {
        try await owner.download(file, to: URL(fileURLWithPath: "/tmp/\(file.name)"))
    }
    let author = try await client.project(id: 402, as: InstanceAuthor.self)
    _ = try await author.uploadInstances([InstanceUpload(name: "X", rows: [["column": "ID"]])], patternID: 808)
    _ = try await author.instances()
    _ = try await client.project(id: 402, as: BuilderRole.self).startBuild(patternIDs: [808])
}
