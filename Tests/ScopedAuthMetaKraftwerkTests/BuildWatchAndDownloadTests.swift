import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk
import ScopedAuthTesting
import Testing

@Suite("MetaKraftwerk builds watched to the end, and results downloaded")
struct BuildWatchAndDownloadTests {
    /// Starts a build of every seeded pattern and watches it on a separate task while the clock is driven.
    static func watchToEnd(
        _ fixture: MetaKraftwerkFixture, prepare: @Sendable (Int) -> Void = { _ in }
    ) async throws -> (project: ProjectHandle<OwnerRole>, updates: [ProjectBuild]) {
        let project = try await fixture.client.project(named: "DEMO_PROJECT", as: OwnerRole.self)
        let build = try await project.startBuild(patternIDs: fixture.patternIDs)
        prepare(build.id)
        let watcher = Task {
            var updates: [ProjectBuild] = []
            for try await update in project.watch(build, every: .seconds(5)) { updates.append(update) }
            return updates
        }
        // The build runs 30 seconds: six polls, five seconds apart, the last one sees it end.
        await fixture.drivePolling(steps: 6, interval: .seconds(5))
        return (project, try await watcher.value)
    }

    @Test("Watching yields BUILDING with rising progress, then FINISHED at 100, and ends")
    func watchToFinished() async throws {
        let fixture = MetaKraftwerkFixture()
        let (_, updates) = try await Self.watchToEnd(fixture)
        #expect(updates.map(\.progress) == [0, 16, 33, 50, 66, 83, 100])
        #expect(updates.dropLast().allSatisfy { $0.status == .building })
        let last = try #require(updates.last)
        #expect(last.status == .finished)
        #expect(last.status.hasEnded)
        #expect(last.downloads.count == fixture.patternIDs.count)
        #expect(last.endedAt == fixture.clock.wallClockNow)
        #expect(fixture.clock.sleeperCount == 0)
    }

    @Test("Watching a build that fails ends with FAILED and the server's message")
    func watchToFailed() async throws {
        let fixture = MetaKraftwerkFixture()
        let service = fixture.service
        let (project, updates) = try await Self.watchToEnd(fixture) { buildID in
            service.setOutcome(.failed(message: "Pattern 808 has errors"), ofBuild: buildID)
        }
        let last = try #require(updates.last)
        #expect(last.status == .failed)
        #expect(last.message == "Pattern 808 has errors")
        #expect(updates.count == 7)
        #expect(try await project.downloads(ofBuild: last.id).isEmpty)
    }

    @Test("A build failed midway ends the watch at the next poll")
    func failedMidway() async throws {
        let fixture = MetaKraftwerkFixture()
        let project = try await fixture.client.project(named: "DEMO_PROJECT", as: BuilderRole.self)
        let build = try await project.startBuild(patternIDs: [fixture.patternIDs[0]])
        let watcher = Task {
            var statuses: [BuildStatus] = []
            for try await update in project.watch(build, every: .seconds(5)) { statuses.append(update.status) }
            return statuses
        }
        await fixture.drivePolling(steps: 1, interval: .seconds(5))
        await fixture.clock.waitForSleepers(count: 1)
        fixture.service.failBuild(build.id, message: "agent lost")
        fixture.clock.advance(by: .seconds(5))
        #expect(try await watcher.value == [.building, .building, .failed])
    }

    @Test("Cancelling the watching task stops the polling at once")
    func cancelStopsPolling() async throws {
        let fixture = MetaKraftwerkFixture()
        let project = try await fixture.client.project(named: "DEMO_PROJECT", as: OwnerRole.self)
        let build = try await project.startBuild(patternIDs: fixture.patternIDs)
        let watcher = Task {
            var count = 0
            for try await _ in project.watch(build) { count += 1 }
            return count
        }
        await fixture.clock.waitForSleepers(count: 1)
        watcher.cancel()
        await #expect(throws: CancellationError.self) { try await watcher.value }
        #expect(fixture.clock.sleeperCount == 0)
    }

    @Test("A result file is written to disk atomically, byte for byte what the server holds")
    func downloadToDisk() async throws {
        let fixture = MetaKraftwerkFixture()
        let (project, updates) = try await Self.watchToEnd(fixture)
        let buildID = try #require(updates.last?.id)
        let files = try await project.downloads(ofBuild: buildID)
        #expect(files.count == 2)
        let folder = FileManager.default.temporaryDirectory
            .appending(path: "mkw-download-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in files {
            let destination = folder.appending(path: file.name)
            try Data("stale".utf8).write(to: destination)
            let written = try await project.download(file, to: destination)
            #expect(written == destination)
            let expected = try #require(fixture.service.fileContents(ofDownload: file.id))
            #expect(try Data(contentsOf: destination) == expected)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == files.map(\.name).sorted())
        let fileRequests = fixture.emulator.requests(to: .metaKraftwerk).filter { $0.url.path.hasSuffix("/file") }
        #expect(fileRequests.count == 2)
        #expect(fileRequests.allSatisfy { $0.headers["Authorization"] != nil })
    }

    @Test("A download the user may not read leaves no file behind")
    func forbiddenDownloadWritesNothing() async throws {
        let fixture = MetaKraftwerkFixture()
        let (project, updates) = try await Self.watchToEnd(fixture)
        let buildID = try #require(updates.last?.id)
        let file = try #require(try await project.downloads(ofBuild: buildID).first)
        fixture.service.setPermissions(
            [.readBuilds], email: fixture.service.seededUser.email, projectID: fixture.projectID)
        let destination = FileManager.default.temporaryDirectory.appending(path: "mkw-\(UUID().uuidString).zip")
        let error = try await #require(throws: ProjectPermissionError.self) {
            try await project.download(file, to: destination)
        }
        #expect(error.permission == .readDeliveries)
        #expect(!FileManager.default.fileExists(atPath: destination.path))
    }
}
