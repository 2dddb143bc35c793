// expect-error: referencing instance method 'download(_:to:)' on 'ProjectHandle' requires the types 'Denied' and 'Granted' be equivalent
// MetaKraftwerk: downloading results needs read-deliveries; a user-defined role without it cannot download.
import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk

enum BuildRunner: ProjectRole {
    typealias ReadsBuilds = Granted
    typealias WritesBuilds = Granted
}

func fetch(_ project: ProjectHandle<BuildRunner>, _ file: BuildDownload) async throws {
    try await project.download(file, to: URL(fileURLWithPath: "/tmp/result.zip"))
}
