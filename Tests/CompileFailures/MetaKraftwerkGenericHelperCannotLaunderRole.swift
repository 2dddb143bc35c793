// expect-error: requires the types 'Role.WritesBuilds' and 'Granted' be equivalent
// MetaKraftwerk: a generic helper over any role cannot start a build.
import ScopedAuthMetaKraftwerk

func start<Role: ProjectRole>(_ project: ProjectHandle<Role>) async throws {
    _ = try await project.startBuild(patternIDs: [808])
}
