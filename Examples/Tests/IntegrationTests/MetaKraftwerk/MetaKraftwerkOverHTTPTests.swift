import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk
import ScopedAuthTesting
import Testing

/// The MetaKraftwerk client with the real `URLSessionTransport` against the emulator over loopback HTTP.
@Suite("MetaKraftwerk over loopback HTTP", .timeLimit(.minutes(1)))
struct MetaKraftwerkOverHTTPTests {
    private func client(_ server: EmulatorServer, clock: any AuthClock = SystemAuthClock()) -> MetaKraftwerkClient {
        MetaKraftwerkClient(
            credential: server.emulator.metaKraftwerk.seededUser, baseURL: server.origins.metaKraftwerk,
            transport: loopbackTransport(), clock: clock, retryPolicy: .none)
    }

    @Test("The user logs in once and sees the seeded project")
    func authenticates() async throws {
        try await withEmulatorServer { server in
            let client = client(server)
            let names = try await client.projects().map(\.name)
            #expect(names.contains(server.emulator.metaKraftwerk.seededProjectName))
            let project = try await client.project(named: server.emulator.metaKraftwerk.seededProjectName, as: ViewerRole.self)
            #expect(project.id == server.emulator.metaKraftwerk.seededProjectID)
            #expect(server.emulator.counters.exchanges(.metaKraftwerk) == 1)
            await client.shutdown()
        }
    }

    @Test("A build's result file is downloaded to disk byte for byte once the build has finished")
    func downloadToDisk() async throws {
        let clock = ManualClock(wallClock: Date())
        try await withEmulatorServer(EmulatorServer.Configuration(clock: clock)) { server in
            let metaKraftwerk = server.emulator.metaKraftwerk
            let client = client(server, clock: clock)
            let project = try await client.project(id: metaKraftwerk.seededProjectID, as: OwnerRole.self)
            let build = try await project.startBuild(patternIDs: [try #require(metaKraftwerk.seededPatternIDs.first)])
            clock.advance(by: metaKraftwerk.buildDuration + .seconds(1))
            #expect(try await project.build(id: build.id).status == .finished)

            let downloads = try await project.downloads(ofBuild: build.id)
            let first = try #require(downloads.first)
            let folder = FileManager.default.temporaryDirectory.appending(path: "scopedauth-mkw-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let written = try await project.download(first, to: folder.appending(path: "result.zip"))
            let onDisk = try Data(contentsOf: written)
            #expect(!onDisk.isEmpty)
            #expect(onDisk == metaKraftwerk.fileContents(ofDownload: first.id))
            await client.shutdown()
        }
    }

    @Test("Across the token's exp the client logs in again before sending, without a 401")
    func refreshAcrossExpiry() async throws {
        let clock = ManualClock(wallClock: Date())
        try await withEmulatorServer(EmulatorServer.Configuration(clock: clock)) { server in
            let client = client(server, clock: clock)
            _ = try await client.projects()
            clock.advance(by: server.emulator.metaKraftwerk.tokenLifetime + .seconds(1))
            _ = try await client.projects()
            #expect(server.emulator.counters.exchanges(.metaKraftwerk) == 2)
            #expect(server.emulator.counters.unauthorized(.metaKraftwerk) == 0)
            await client.shutdown()
        }
    }

    @Test("A 401 for the current token is answered by one new login and one replay")
    func unauthorisedReplay() async throws {
        try await withEmulatorServer { server in
            let client = client(server)
            _ = try await client.projects()
            server.emulator.faults.inject(.status(401), on: .metaKraftwerk, method: .get)
            let projects = try await client.projects()
            #expect(!projects.isEmpty)
            #expect(server.emulator.counters.exchanges(.metaKraftwerk) == 2)
            await client.shutdown()
        }
    }
}
