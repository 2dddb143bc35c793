// expect-error: 'token' is inaccessible due to 'internal' protection level
// A package token never leaves its handle, so it cannot be sent somewhere else by hand.
import ScopedAuthMASV

func steal(_ package: PackageHandle<ManagementAccess>) {
    _ = package.token
}
