// expect-error: cannot assign value of type 'PackageHandle<DownloadAccess>' to type 'PackageHandle<Forged>'
// MASV: a user type may declare every capability, but ScopedAuth creates handles only for its own three kinds,
// so a link opened for download never becomes a handle of the forged kind.
import ScopedAuth
import ScopedAuthMASV

enum Forged: PackageAccess {
    typealias Uploads = Granted
    typealias Reads = Granted
    typealias Downloads = Granted
    typealias Manages = Granted
}

func forge(client: MASVClient) async throws {
    var package: PackageHandle<Forged>
    package = try await client.links.open(id: "link", secret: Secret("s"))
    try await package.delete()
}
