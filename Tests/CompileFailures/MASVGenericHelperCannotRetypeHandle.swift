// expect-error: cannot convert return expression of type 'PackageHandle<DownloadAccess>' to return type 'PackageHandle<Access>'
// MASV: nor can a helper hand a download handle back as a handle of the caller's chosen kind.
import ScopedAuthMASV

func widen<Access: PackageAccess>(_ package: PackageHandle<DownloadAccess>, to: Access.Type) -> PackageHandle<Access> {
    package
}
