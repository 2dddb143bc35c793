// expect-error: requires that 'DownloadAccess' conform to 'PackageManagementAccess'
// Deleting a package needs its management token; a link's download token cannot.
import ScopedAuthMASV

func remove(_ package: PackageHandle<DownloadAccess>) async throws {
    try await package.delete()
}
