// expect-error: requires the types 'UploadOnlyAccess.Reads' (aka 'Denied') and 'Granted' be equivalent
// MASV: a typealias added to a shipped access kind from outside does not become its capability.
import ScopedAuth
import ScopedAuthMASV

extension UploadOnlyAccess {
    public typealias Reads = Granted
}

func peek(_ package: PackageHandle<UploadOnlyAccess>) async throws {
    _ = try await package.files()
}
