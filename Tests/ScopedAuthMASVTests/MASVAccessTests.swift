import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting
import Testing

@Suite("MASV handles: every operation for every access kind, with the documented tokens")
struct MASVAccessTests {
    /// A finalized team package with one uploaded file.
    private func finalizedPackage(_ client: MASVClient, _ emulator: Emulator) async throws
        -> (PackageHandle<ManagementAccess>, Data)
    {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = sampleBytes(5000)
        let file = try write(data, to: "cut.mov", in: folder)
        let package = try await client.packages.upload([file], team: emulator.masv.seededTeamID, name: "Cut",
            options: UploadOptions(chunkSize: 2048)).value
        return (package, data)
    }

    @Test func managementHandleReadsLinksExpiresTransfersAndDeletes() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let (package, _) = try await finalizedPackage(client, emulator)

        let again = try await client.packages.get(package.id, team: emulator.masv.seededTeamID)
        let details = try await again.details()
        #expect(details.id == package.id && details.state == "finalized" && details.totalFiles == 1)
        #expect(try await package.files().map(\.name) == ["cut.mov"])

        let link = try await package.createLink()
        #expect(link.isActive)
        #expect(!String(describing: link).contains(link.secret.revealed))

        let future = clock.wallClockNow.addingTimeInterval(40 * 86_400)
        let extended = try await package.updateExpiry(.at(future))
        #expect(abs((extended.expiry ?? .distantPast).timeIntervalSince(future)) < 1)
        #expect(try await package.updateExpiry(.unlimited).expiry == nil)

        let transfer = try await package.startTransfer(toCloudConnection: emulator.masv.seededCloudConnectionID)
        #expect(transfer.initial.state == .started)
        #expect(try await package.transfers().map(\.id) == [transfer.id])
        #expect(try await transfer.status().state == .started)
        #expect(try await transfer.cancel().state == .cancelled)
        #expect(try await transfer.retry().state == .started)
        #expect(emulator.masv.transferState(transfer.id)?.rawValue == "started")
        emulator.masv.setTransferState(transfer.id, to: .complete)
        let done = await #expect(throws: AuthError.self) { try await transfer.cancel() }
        #expect(done?.kind == .conflict)

        let single = try await package.startTransfer(with: SingleUseCredentials(provider: "amazon_s3",
            authorization: ["secret_access_key": Secret(sentinelPassword)]))
        #expect(try await single.status().cloudConnectionID == nil)

        try await package.delete()
        #expect(emulator.masv.packageState(package.id) == nil)
        let gone = await #expect(throws: AuthError.self) { try await package.details() }
        #expect(gone?.kind == .invalidCredentials)

        // Documented headers: user requests carry X-API-KEY only, package requests X-Package-Token only, and the
        // transfer token goes to /v1/transfers and nowhere else.
        let requests = emulator.requests(to: .masv)
        for request in requests {
            let names = Set(request.headers.filter(\.isSensitive).map { $0.name.lowercased() })
            let path = request.url.path
            if path.hasPrefix("/v1/teams") || path.hasPrefix("/v1.1/teams") {
                #expect(names == ["x-api-key"])
            } else if path.hasPrefix("/v1/transfers") {
                #expect(names == ["x-transfer-token"])
            } else if path.hasPrefix("/v1/packages") {
                #expect(names == ["x-package-token"])
            }
        }
        #expect(requests.filter { $0.headers.contains("X-Transfer-Token") }.allSatisfy { $0.url.path.hasPrefix("/v1/transfers/") })
        #expect(emulator.masv.storage.credentialLeaks == 0)
    }

    @Test func downloadHandleReadsDownloadsAndTransfersOnlyWithSingleUseCredentials() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let (package, data) = try await finalizedPackage(client, emulator)
        let link = try await package.createLink(password: Secret(sentinelPassword))

        let wrong = await #expect(throws: AuthError.self) {
            try await client.links.open(id: link.id, secret: link.secret, password: Secret("nope"))
        }
        #expect(wrong?.kind == .forbidden)
        let download = try await client.links.open(id: link.id, secret: link.secret, password: Secret(sentinelPassword))
        #expect(download.id == package.id)
        #expect(try await download.details().size == Int64(data.count))
        let file = try #require(try await download.files().first)
        let url = try await download.downloadURL(for: file)
        #expect(url.host == "masv-storage.s3.amazonaws.com")

        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("out.mov")
        let written = try await download.download(file: file, to: destination, rangeSize: 1024)
        #expect(written == Int64(data.count))
        #expect(try Data(contentsOf: destination) == data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.mov"])

        let transfer = try await download.startTransfer(with: SingleUseCredentials(provider: "amazon_s3",
            authorization: ["key": Secret("k")]))
        #expect(try await transfer.status().state == .started)
        #expect(emulator.masv.storage.credentialLeaks == 0)
        #expect(emulator.requests(to: .masv).filter { $0.url.path.hasPrefix("/v1/links/") }.allSatisfy {
            $0.headers["X-Link-Password"] != nil && !$0.headers.contains("X-API-KEY")
        })
    }

    @Test func theServerStillJudgesAManagementTokenUsedForDownloadURLs() async throws {
        // The type system keeps downloadURL off a management handle; the emulator agrees: only `d` may.
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let (package, _) = try await finalizedPackage(client, emulator)
        let fileID = try #require(emulator.masv.fileIDs(packageID: package.id).first)
        let tokenRequest = try #require(emulator.requests(to: .masv).last { $0.headers.contains("X-Package-Token") })
        var request = HTTPRequest(method: .get,
            url: emulator.origins.masv.appendingPathComponent("v1/packages/\(package.id)/files/\(fileID)/download"))
        request.headers["X-Package-Token"] = tokenRequest.headers["X-Package-Token"]
        #expect(try await emulator.transport.send(request).status == 403)
    }

    @Test func badCredentialsAreTypedAndNothingPrintsASecret() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let user = EmailPassword(email: emulator.masv.seededUser.email, password: Secret(sentinelPassword))
        let client = makeClient(emulator, credential: .user(user), clock: clock)
        let error = await #expect(throws: AuthError.self) { try await client.teams() }
        #expect(error?.kind == .invalidCredentials)
        let keyed = makeClient(emulator, credential: .apiKey(Secret(sentinelPassword)), clock: clock)
        let keyError = await #expect(throws: AuthError.self) {
            try await keyed.packages.create(team: emulator.masv.seededTeamID, name: "x")
        }
        #expect(keyError?.kind == .invalidCredentials)
        let texts = [
            String(describing: error), String(describing: keyError), String(describing: MASVCredential.user(user)),
            String(describing: MASVCredential.apiKey(Secret(sentinelPassword))),
            String(describing: SingleUseCredentials(provider: "s3", authorization: ["k": Secret(sentinelPassword)])),
        ]
        for text in texts { #expect(!text.contains(sentinelPassword)) }
        let teams = await #expect(throws: AuthError.self) { try await keyed.teams() }
        #expect(teams?.kind == .invalidRequest)
    }

    /// An HTTP stack resolves `..` in a path before sending it (curl and URLSession do), so an unencoded team id of
    /// `x/../<team>` would reach `<team>`. Encoded as one segment, it names no team at all.
    @Test func aTeamIDCannotClimbToAnotherTeam() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let climbing = "x/../\(emulator.masv.seededTeamID)"
        let error = await #expect(throws: AuthError.self) {
            try await client.packages.create(team: climbing, name: "climb")
        }
        #expect(error?.kind == .forbidden || error?.kind == .notFound)
        let sent = try #require(emulator.requests(to: .masv).last)
        let path = try #require(URLComponents(url: sent.url, resolvingAgainstBaseURL: false)?.percentEncodedPath)
        #expect(path == "/v1/teams/x%2F..%2F\(emulator.masv.seededTeamID)/packages")
        #expect(emulator.masv.packageIDs.isEmpty)
        await #expect(throws: AuthError.self) { try await client.packages.get("..", team: emulator.masv.seededTeamID) }
    }

    @Test func handlesAndUploadsPrintNoToken() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let package = try await client.packages.create(team: emulator.masv.seededTeamID, name: "P")
        let token = try #require(emulator.requests(to: .masv).last.flatMap { _ in
            emulator.masv.packageIDs.first
        })
        #expect(token == package.id)
        var dumped = ""
        dump(package, to: &dumped)
        let transfer = try await client.packages.create(team: emulator.masv.seededTeamID, name: "T")
        for text in [String(describing: package), dumped, String(describing: transfer)] {
            #expect(!text.contains("eyJ"))
        }
    }
}
