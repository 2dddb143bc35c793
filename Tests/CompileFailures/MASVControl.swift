// expect-compiles
// The MASV control snippet: each access kind's permitted operations type-check.
import Foundation
import ScopedAuth
import ScopedAuthMASV

func masvControl(client: MASVClient, file: MASVFile, credentials: SingleUseCredentials) async throws {
    let managed = try await client.packages.create(team: "team", name: "Rushes")
    _ = try await managed.createLink()
    _ = try await managed.transfers()
    _ = managed.upload([URL(fileURLWithPath: "/tmp/a")])
    let portal = try await client.portals.createPackage(portal: "p", name: "Drop", sender: "a@b.c")
    _ = try await portal.finalize()
    let download = try await client.links.open(id: "l", secret: Secret("s"))
    _ = try await download.download(file: file, to: URL(fileURLWithPath: "/tmp/b"))
    let transfer = try await download.startTransfer(with: credentials)
    _ = try await transfer.status()
}
