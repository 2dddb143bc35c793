// expect-error: requires the types 'BuilderRole.WritesInstances' (aka 'Denied') and 'Granted' be equivalent
// MetaKraftwerk: a builder runs builds but lacks write-instances, so it cannot upload instances.
import ScopedAuthMetaKraftwerk

func upload(_ project: ProjectHandle<BuilderRole>) async throws {
    _ = try await project.uploadInstances([InstanceUpload(name: "CUSTOMER", rows: [])], patternID: 808)
}
