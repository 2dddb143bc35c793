// expect-error: 'PackageHandle<Access>' initializer is inaccessible due to 'internal' protection level
// MASV: nor can a handle of a user-defined access kind be built by hand around a stolen or guessed token.
import ScopedAuth
import ScopedAuthMASV

enum Forged: PackageAccess {
    typealias Uploads = Granted
    typealias Reads = Granted
    typealias Downloads = Granted
    typealias Manages = Granted
}

func forge() -> PackageHandle<Forged> {
    PackageHandle<Forged>(id: "package", token: Secret("t"), connection: ())
}
