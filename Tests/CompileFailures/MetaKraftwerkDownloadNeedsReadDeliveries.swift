// expect-error: requires that 'BuildRunner' conform to 'ReadsDeliveries'
// MetaKraftwerk: downloading results needs read-deliveries; a user-defined role without it cannot download.
import Foundation
import ScopedAuthMetaKraftwerk

enum BuildRunner: ReadsBuilds, WritesBuilds {}

func fetch(_ project: ProjectHandle<BuildRunner>, _ file: BuildDownload) async throws {
    try await project.download(file, to: URL(fileURLWithPath: "/tmp/result.zip"))
}
