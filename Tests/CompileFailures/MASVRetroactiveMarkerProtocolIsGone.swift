// expect-error: cannot find type 'PackageManagementAccess' in scope
// MASV: the one-line widening of issue 16 (a shipped access kind conformed to a management marker) has nothing
// left to conform to: capabilities are associated types, not open marker protocols.
import ScopedAuthMASV

extension DownloadAccess: @retroactive PackageManagementAccess {}
