// expect-error: requires the types 'ViewerRole.WritesBuilds' (aka 'Denied') and 'Granted' be equivalent
// MetaKraftwerk: restating ViewerRole's conformance with `WritesBuilds = Granted` changes nothing: the
// conformance in ScopedAuthMetaKraftwerk fixed it to `Denied`.
import ScopedAuth
import ScopedAuthMetaKraftwerk

extension ViewerRole: @retroactive ProjectRole {
    public typealias WritesBuilds = Granted
}

func start(_ project: ProjectHandle<ViewerRole>) async throws {
    _ = try await project.startBuild(patternIDs: [808])
}
