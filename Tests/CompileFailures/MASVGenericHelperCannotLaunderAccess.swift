// expect-error: requires the types 'Access.Manages' and 'Granted' be equivalent
// MASV: a generic helper over any access kind cannot call a management operation: nothing tells the compiler
// that its `Access` may manage.
import ScopedAuthMASV

func launder<Access: PackageAccess>(_ package: PackageHandle<Access>) async throws {
    try await package.delete()
}
