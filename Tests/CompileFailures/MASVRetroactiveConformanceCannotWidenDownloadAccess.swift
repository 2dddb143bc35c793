// expect-error: requires the types 'DownloadAccess.Manages' (aka 'Denied') and 'Granted' be equivalent
// MASV: restating DownloadAccess's conformance with `Manages = Granted` changes nothing. A type conforms to a
// protocol once, in its own module, and that conformance fixed `Manages` to `Denied`.
import ScopedAuth
import ScopedAuthMASV

extension DownloadAccess: @retroactive PackageAccess {
    public typealias Manages = Granted
}

func remove(_ package: PackageHandle<DownloadAccess>) async throws {
    try await package.delete()
}
