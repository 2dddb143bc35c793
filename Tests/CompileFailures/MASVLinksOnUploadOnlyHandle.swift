// expect-error: requires that 'UploadOnlyAccess' conform to 'PackageManagementAccess'
// A portal (upload-only) token uploads and finalizes; creating links needs a management token.
import ScopedAuthMASV

func share(_ package: PackageHandle<UploadOnlyAccess>) async throws {
    _ = try await package.createLink()
}
