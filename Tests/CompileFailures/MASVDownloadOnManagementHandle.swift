// expect-error: requires that 'ManagementAccess' conform to 'PackageDownloadAccess'
// Download URLs belong to download (link) tokens only: a management handle cannot download.
import Foundation
import ScopedAuthMASV

func download(_ package: PackageHandle<ManagementAccess>, file: MASVFile) async throws {
    _ = try await package.download(file: file, to: URL(fileURLWithPath: "/tmp/a"))
}
