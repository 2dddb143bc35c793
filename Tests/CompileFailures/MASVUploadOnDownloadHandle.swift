// expect-error: requires the types 'DownloadAccess.Uploads' (aka 'Denied') and 'Granted' be equivalent
// A download (link) token is read-limited: it cannot add files to the package.
import Foundation
import ScopedAuthMASV

func add(_ package: PackageHandle<DownloadAccess>) {
    _ = package.upload([URL(fileURLWithPath: "/tmp/a")])
}
