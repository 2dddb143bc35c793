import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting
import Testing

/// The MASV client with the real `URLSessionTransport` against the emulator's API and storage origins over
/// loopback HTTP.
@Suite("MASV over loopback HTTP", .timeLimit(.minutes(2)))
struct MASVOverHTTPTests {
    private func userClient(_ server: EmulatorServer, clock: any AuthClock = SystemAuthClock()) -> MASVClient {
        MASVClient(
            credential: .user(server.emulator.masv.seededUser), baseURL: server.origins.masv,
            transport: loopbackTransport(), clock: clock, retryPolicy: .none)
    }

    /// A real file of `size` pseudo-random bytes in a fresh temporary folder.
    private func temporaryFile(size: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "scopedauth-it-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Random 64 KiB blocks, each stamped with its index, so a misplaced or repeated chunk changes the bytes.
        var data = Data(capacity: size)
        let block = (0..<65_536).map { _ in UInt8.random(in: .min ... .max) }
        var index: UInt32 = 0
        while data.count < size {
            withUnsafeBytes(of: index.bigEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: block.prefix(size - data.count))
            index += 1
        }
        let file = folder.appending(path: "footage.bin")
        try data.prefix(size).write(to: file)
        return file
    }

    @Test("A user signs in once and lists the team")
    func authenticates() async throws {
        try await withEmulatorServer { server in
            let client = userClient(server)
            let teams = try await client.teams()
            #expect(teams.map(\.id).contains(server.emulator.masv.seededTeamID))
            #expect(server.emulator.counters.exchanges(.masv) == 1)
            await client.shutdown()
        }
    }

    @Test("A multi-chunk upload of a real file reaches storage intact, with progress and no credential there",
          arguments: [false, true])
    func multiChunkUpload(withAPIKey: Bool) async throws {
        try await withEmulatorServer { server in
            let masv = server.emulator.masv
            let size = 2 * masv.configuration.minChunkSize + 12_345   // three chunks
            let file = try temporaryFile(size: size)
            defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
            let client = withAPIKey
                ? MASVClient(
                    credential: .apiKey(masv.seededAPIKey), baseURL: server.origins.masv,
                    transport: loopbackTransport(), retryPolicy: .none)
                : userClient(server)

            let upload = client.packages.upload([file], team: masv.seededTeamID, name: "Integration")
            var lastProgress: UploadProgress?
            for await progress in upload.progress { lastProgress = progress }
            let package = try await upload.value

            #expect(lastProgress?.bytesSent == Int64(size))
            let fileIDs = masv.fileIDs(packageID: package.id)
            #expect(fileIDs.count == 1)
            let fileID = try #require(fileIDs.first)
            #expect(masv.chunkUploadCount(packageID: package.id, fileID: fileID) == 3)
            #expect(masv.fileContents(packageID: package.id, fileID: fileID) == (try Data(contentsOf: file)))
            #expect(server.emulator.requests(to: .masvStorage).count >= 3)
            #expect(masv.storage.credentialLeaks == 0)
            #expect(!server.emulator.requests(to: .masvStorage).contains { $0.headers.containsSensitive })
            await client.shutdown()
        }
    }

    @Test("Across the user token's expiry the client signs in again before sending")
    func refreshAcrossExpiry() async throws {
        let clock = ManualClock(wallClock: Date())
        try await withEmulatorServer(EmulatorServer.Configuration(clock: clock)) { server in
            let client = userClient(server, clock: clock)
            let team = server.emulator.masv.seededTeamID
            _ = try await client.packages.create(team: team, name: "Before")
            clock.advance(by: server.emulator.masv.configuration.userTokenLifetime + .seconds(1))
            _ = try await client.packages.create(team: team, name: "After")
            #expect(server.emulator.counters.exchanges(.masv) == 2)
            #expect(server.emulator.counters.unauthorized(.masv) == 0)
            await client.shutdown()
        }
    }

    @Test("A 401 for the current user token is refreshed and replayed once")
    func unauthorisedReplay() async throws {
        try await withEmulatorServer { server in
            let client = userClient(server)
            let team = server.emulator.masv.seededTeamID
            let created = try await client.packages.create(team: team, name: "Replay")
            server.emulator.faults.inject(.status(401), on: .masv, method: .get)
            let fetched = try await client.packages.get(created.id, team: team)
            #expect(fetched.id == created.id)
            #expect(server.emulator.counters.exchanges(.masv) == 2)
            #expect(server.emulator.counters.unauthorized(.masv) == 1)
            await client.shutdown()
        }
    }
}
