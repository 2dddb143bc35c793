// expect-error: requires the types 'DownloadAccess.Manages' (aka 'Denied') and 'Granted' be equivalent
// A download token may not use the team's cloud connections; only single-use credentials.
import ScopedAuthMASV

func transfer(_ package: PackageHandle<DownloadAccess>) async throws {
    _ = try await package.startTransfer(toCloudConnection: "connection")
}
