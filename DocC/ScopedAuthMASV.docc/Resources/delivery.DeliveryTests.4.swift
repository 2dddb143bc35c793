import DeliveryKit
import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting
import Testing

@Suite struct DeliveryTests {
    let clock: ManualClock
    let emulator: Emulator
    let client: MASVClient

    init() {
        // One clock for the emulator and the client: time moves only when a test advances it.
        clock = ManualClock()
        // Small chunks, so a few kilobytes upload in several parts, and user tokens that live one hour.
        emulator = Emulator(clock: clock, masvConfiguration: MASVConfiguration(
            minChunkSize: 1024, maxChunkSize: 64 * 1024, userTokenLifetime: .seconds(3_600)
        ))
        // The client under test, as in production, except for where its requests go and which clock it reads.
        client = MASVClient(
            credential: .user(emulator.masv.seededUser), baseURL: emulator.origins.masv,
            transport: emulator.transport, clock: clock
        )
    }

    /// Runs `body` with a folder `Rushes` holding two files, and removes the folder afterwards.
    func withFolder(_ body: (URL) async throws -> Void) async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("delivery-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("Rushes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }).write(to: folder.appendingPathComponent("A001.mov"))
        try Data("Day one, take three.".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try await body(folder)
    }

    @Test func deliversTheFolderAndLinksToIt() async throws {
        try await withFolder { folder in
            let link = try await Delivery(client: client).send(folder, name: "Rushes")
            #expect(link.absoluteString.hasPrefix("https://get.massive.app/"))

            let package = try #require(emulator.masv.packageIDs.last)
            #expect(emulator.masv.packageState(package) == "finalized")
            let files = emulator.masv.fileIDs(packageID: package)   // in path order: A001.mov, notes.txt
            #expect(files.count == 2)
            let movie = try Data(contentsOf: folder.appendingPathComponent("A001.mov"))
            #expect(emulator.masv.fileContents(packageID: package, fileID: files[0]) == movie)
            // Chunks went straight to presigned storage, which never saw a MASV credential.
            #expect(emulator.masv.storage.credentialLeaks == 0)
        }
    }

    @Test func signsInAgainOnceWhenTheTokenExpires() async throws {
        try await withFolder { folder in
            let delivery = Delivery(client: client)
            _ = try await delivery.send(folder, name: "Monday")
            #expect(emulator.counters.exchanges(.masv) == 1)

            clock.advance(by: .seconds(3_601))   // the one-hour user token has expired, instantly
            try await withThrowingTaskGroup(of: URL.self) { group in
                for take in 1...10 {
                    group.addTask { try await delivery.send(folder, name: "Tuesday, take \(take)") }
                }
                try await group.waitForAll()
            }
            // Ten deliveries needed a new token at once: one sign-in for all, and no request was refused.
            #expect(emulator.counters.exchanges(.masv) == 2)
            #expect(emulator.counters.unauthorized(.masv) == 0)
        }
    }

    @Test func retriesAChunkThatStorageRefused() async throws {
        try await withFolder { folder in
            // The next chunk PUT answers 503. No retry delay here, so the test needs no clock steps.
            emulator.faults.inject(.status(503), on: .masvStorage, method: .put)
            let delivery = Delivery(client: client, options: UploadOptions(chunkRetryPolicy: RetryPolicy(maximumAttempts: 4, initialDelay: .zero)))
            _ = try await delivery.send(folder, name: "Flaky storage")
            #expect(emulator.faults.pending(on: .masvStorage) == 0)
            #expect(emulator.masv.packageState(try #require(emulator.masv.packageIDs.last)) == "finalized")
        }
    }
}
