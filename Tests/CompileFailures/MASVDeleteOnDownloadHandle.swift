// expect-error: requires the types 'DownloadAccess.Manages' (aka 'Denied') and 'Granted' be equivalent
// Deleting a package needs its management token; a link's download token cannot.
import ScopedAuthMASV

func remove(_ package: PackageHandle<DownloadAccess>) async throws {
    try await package.delete()
}
