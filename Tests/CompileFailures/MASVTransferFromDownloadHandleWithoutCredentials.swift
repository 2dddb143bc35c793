// expect-error: missing argument for parameter 'with' in call
// A download token may start a transfer only with single-use credentials, a required argument.
import ScopedAuthMASV

func transfer(_ package: PackageHandle<DownloadAccess>) async throws {
    _ = try await package.startTransfer()
}
