// expect-error: requires that 'DownloadAccess' conform to 'PackageUploadAccess'
// A download (link) token is read-limited: it cannot add files to the package.
import Foundation
import ScopedAuthMASV

func add(_ package: PackageHandle<DownloadAccess>) {
    _ = package.upload([URL(fileURLWithPath: "/tmp/a")])
}
