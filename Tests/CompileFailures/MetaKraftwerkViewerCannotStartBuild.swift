// expect-error: requires the types 'ViewerRole.WritesBuilds' (aka 'Denied') and 'Granted' be equivalent
// MetaKraftwerk: starting a build exists only on a project handle whose role has write-builds.
import ScopedAuthMetaKraftwerk

func start(_ project: ProjectHandle<ViewerRole>) async throws {
    _ = try await project.startBuild(patternIDs: [808])
}
