// expect-error: 'ProjectHandle<Role>' initializer is inaccessible due to 'internal' protection level
// MetaKraftwerk: a handle of a user-defined role comes only from acquiring it, which checks the role against the
// permissions the server reports; it cannot be built by hand.
import ScopedAuth
import ScopedAuthMetaKraftwerk

enum Runner: ProjectRole {
    typealias WritesBuilds = Granted
}

func forge(summary: ProjectSummary) -> ProjectHandle<Runner> {
    ProjectHandle<Runner>(summary: summary, api: ())
}
