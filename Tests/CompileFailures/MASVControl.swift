// expect-compiles
// The MASV control snippet: every operation each access kind is granted type-checks.
import Foundation
import ScopedAuth
import ScopedAuthMASV

func masvControl(client: MASVClient, file: MASVFile, credentials: SingleUseCredentials) async throws {
    let managed = try await client.packages.create(team: "team", name: "Rushes")
    _ = managed.upload([URL(fileURLWithPath: "/tmp/a")])
    _ = try await managed.finalize()
    _ = try await managed.details()
    _ = try await managed.files()
    _ = try await managed.createLink(email: "a@b.c", password: Secret("p"))
    _ = try await managed.updateExpiry(.unlimited)
    _ = try await managed.transfers()
    _ = try await managed.startTransfer(toCloudConnection: "connection", direction: .cloudToMASV)
    _ = try await managed.startTransfer(with: credentials)
    try await managed.delete()
    let fetched: PackageHandle<ManagementAccess> = try await client.packages.get("id", team: "team")
    _ = try await fetched.details()

    let portal = try await client.portals.createPackage(portal: "p", name: "Drop", sender: "a@b.c")
    _ = portal.upload([URL(fileURLWithPath: "/tmp/a")])
    _ = try await portal.finalize()

    let download = try await client.links.open(id: "l", secret: Secret("s"))
    _ = try await download.details()
    _ = try await download.files()
    _ = try await download.downloadURL(for: file)
    _ = try await download.download(file: file, to: URL(fileURLWithPath: "/tmp/b"))
    let transfer = try await download.startTransfer(with: credentials)
    _ = try await transfer.status()
    _ = try await transfer.retry()
    _ = try await transfer.cancel()
}
