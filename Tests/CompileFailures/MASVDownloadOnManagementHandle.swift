// expect-error: requires the types 'ManagementAccess.Downloads' (aka 'Denied') and 'Granted' be equivalent
// Download URLs belong to download (link) tokens only: a management handle cannot download.
import Foundation
import ScopedAuthMASV

func download(_ package: PackageHandle<ManagementAccess>, file: MASVFile) async throws {
    _ = try await package.download(file: file, to: URL(fileURLWithPath: "/tmp/a"))
}
