// expect-error: requires the types 'UploadOnlyAccess.Manages' (aka 'Denied') and 'Granted' be equivalent
// A portal (upload-only) token uploads and finalizes; creating links needs a management token.
import ScopedAuthMASV

func share(_ package: PackageHandle<UploadOnlyAccess>) async throws {
    _ = try await package.createLink()
}
