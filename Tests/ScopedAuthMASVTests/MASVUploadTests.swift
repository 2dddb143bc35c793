import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting
import Testing

@Suite("MASV uploads")
struct MASVUploadTests {
    @Test func multiChunkUploadArrivesByteForByteWithMonotoneProgressAndNoCredentialAtStorage() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = sampleBytes(5 * 4096 + 777, seed: 1)          // 6 chunks of 4 KiB, odd last chunk
        let small = sampleBytes(1500, seed: 2)
        let bigURL = try write(big, to: "shoot/day1/a.mov", in: folder)
        try write(small, to: "shoot/notes.txt", in: folder)

        var options = UploadOptions(chunkSize: 4096, parallelism: 3, chunkURLBatchSize: 4)
        options.finalizesPackage = true
        let upload = client.packages.upload(
            [folder.appendingPathComponent("shoot"), bigURL], team: emulator.masv.seededTeamID, name: "Rushes",
            options: options
        )
        let collector = Task { await upload.progress.reduce(into: [UploadProgress]()) { $0.append($1) } }
        let package = try await upload.value
        let events = await collector.value

        let total = Int64(big.count * 2 + small.count)
        #expect(events.first?.bytesSent == 0)
        #expect(events.last?.bytesSent == total)
        #expect(events.allSatisfy { $0.totalBytes == total })
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.bytesSent < $1.bytesSent })
        #expect(events.last?.fractionCompleted == 1)
        #expect(events.compactMap(\.file).contains { $0.path == "shoot/day1/a.mov" && $0.bytesSent == Int64(big.count) })

        #expect(emulator.masv.packageState(package.id) == "finalized")
        let fileIDs = emulator.masv.fileIDs(packageID: package.id)
        #expect(fileIDs.count == 3)
        let contents = fileIDs.compactMap { emulator.masv.fileContents(packageID: package.id, fileID: $0) }
        #expect(contents == [big, small, big])
        #expect(emulator.masv.chunkUploadCount(packageID: package.id, fileID: fileIDs[0]) == 6)

        let files = try await package.files()
        #expect(files.map(\.path) == ["shoot/day1", "shoot", ""])
        #expect(files.map(\.name) == ["a.mov", "notes.txt", "a.mov"])
        // Four chunk URL batches for six parts in batches of four: two per big file, one for the small one.
        #expect(emulator.requests(to: .masv).filter { $0.url.query?.contains("count=") == true }.count == 5)
        #expect(emulator.masv.storage.credentialLeaks == 0)
        #expect(emulator.requests(to: .masvStorage).allSatisfy { !$0.headers.containsSensitive })
        #expect(headerNames(emulator, pathPrefix: "/v1/packages/").allSatisfy {
            $0.contains("x-package-token") && !$0.contains("x-api-key")
        })
    }

    @Test func aFailedChunkIsRetriedAfterBackoff() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = sampleBytes(3000)
        let file = try write(data, to: "a.bin", in: folder)
        emulator.faults.inject(.status(500), on: .masvStorage, method: .put, times: 2)

        let upload = client.packages.upload([file], team: emulator.masv.seededTeamID, name: "Retry",
            options: UploadOptions(chunkSize: 1024, parallelism: 1,
                                   chunkRetryPolicy: RetryPolicy(maximumAttempts: 4, initialDelay: .seconds(1))))
        let advancer = Task {
            for _ in 0..<2 {
                await clock.waitForSleepers(count: 1)
                clock.advance(by: .seconds(10))
            }
        }
        let package = try await upload.value
        await advancer.value
        let fileID = try #require(emulator.masv.fileIDs(packageID: package.id).first)
        #expect(emulator.masv.fileContents(packageID: package.id, fileID: fileID) == data)
        #expect(emulator.requests(to: .masvStorage).filter { $0.method == .put }.count == 5)
    }

    @Test func aChunkRetrySleepsTheSharedPolicysJitteredDelay() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try write(sampleBytes(1000), to: "a.bin", in: folder)
        emulator.faults.inject(.status(503), on: .masvStorage, method: .put, times: 2)
        let policy = RetryPolicy(maximumAttempts: 3, initialDelay: .seconds(4), maximumDelay: .seconds(30),
                                 jitter: 0.5, randomSeed: 99)
        let upload = client.packages.upload([file], team: emulator.masv.seededTeamID, name: "Jitter",
            options: UploadOptions(chunkSize: 1024, parallelism: 1, chunkRetryPolicy: policy))
        let expected = JitterSource(seed: 99)
        for retry in 1...2 {
            await clock.waitForSleepers(count: 1)
            let deadline = try #require(clock.nextDeadline)
            let slept = deadline - clock.now
            #expect(slept == policy.delay(beforeRetry: retry, random: expected.next()))
            #expect(slept <= .seconds(4 << (retry - 1)) && slept >= .seconds(2 << (retry - 1)))
            clock.advance(to: deadline)
        }
        _ = try await upload.value
        #expect(emulator.requests(to: .masvStorage).filter { $0.method == .put }.count == 3)
    }

    @Test func aChunkURLAnswering403FailsTypedAndLeavesThePackageUnfinalized() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try write(sampleBytes(3000), to: "a.bin", in: folder)
        emulator.faults.inject(.status(403), on: .masvStorage, method: .put)

        let upload = client.packages.upload([file], team: emulator.masv.seededTeamID, name: "Denied",
            options: UploadOptions(chunkSize: 1024, parallelism: 1))
        let error = await #expect(throws: AuthError.self) { try await upload.value }
        #expect(error?.kind == .forbidden)
        #expect(error?.service == "MASV storage")
        #expect(error?.detail?.contains("a.bin") == true)
        #expect(emulator.masv.packageIDs.compactMap { emulator.masv.packageState($0) } == ["new"])
    }

    @Test func persistent500sGiveUpAsServerErrorAfterTheConfiguredAttempts() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try write(sampleBytes(100), to: "a.bin", in: folder)
        emulator.faults.injectPersistently(.status(500), on: .masvStorage, method: .put)
        let upload = client.packages.upload([file], team: emulator.masv.seededTeamID, name: "Down",
            options: UploadOptions(chunkRetryPolicy: RetryPolicy(maximumAttempts: 3, initialDelay: .seconds(1))))
        let advancer = Task {
            for _ in 0..<2 {
                await clock.waitForSleepers(count: 1)
                clock.advance(by: .seconds(10))
            }
        }
        let error = await #expect(throws: AuthError.self) { try await upload.value }
        await advancer.value
        #expect(error?.kind == .serverError)
        #expect(emulator.requests(to: .masvStorage).filter { $0.method == .put }.count == 3)
    }

    @Test func aMissingFileFailsBeforeAnythingIsCreated() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("masv-missing-\(UUID().uuidString)")
        let error = await #expect(throws: AuthError.self) {
            try await client.packages.upload([missing], team: emulator.masv.seededTeamID, name: "X").value
        }
        #expect(error?.kind == .invalidRequest)
        #expect(emulator.masv.packageIDs.isEmpty)
        #expect(emulator.counters.requests(.masv) == 0)
    }

    @Test func aFileThatShrinksDuringTheUploadIsNotFinalized() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try write(sampleBytes(4000), to: "growing.bin", in: folder)
        // The first chunk PUT waits on the clock; meanwhile the file is truncated.
        emulator.faults.inject(.latency(.seconds(1)), on: .masvStorage, method: .put)
        let upload = client.packages.upload([file], team: emulator.masv.seededTeamID, name: "Shrink",
            options: UploadOptions(chunkSize: 1024, parallelism: 1))
        await clock.waitForSleepers(count: 1)
        try sampleBytes(1500).write(to: file)
        clock.advance(by: .seconds(1))
        let error = await #expect(throws: AuthError.self) { try await upload.value }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.detail?.contains("changed size") == true)
        let packageID = try #require(emulator.masv.packageIDs.first)
        #expect(emulator.masv.packageState(packageID) == "new")
        #expect(emulator.masv.fileIDs(packageID: packageID).allSatisfy {
            emulator.masv.fileContents(packageID: packageID, fileID: $0) == nil
        })
    }

    @Test func cancellingStopsTheUploadCleanly() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try write(sampleBytes(10 * 1024), to: "a.bin", in: folder)
        emulator.faults.injectPersistently(.latency(.seconds(5)), on: .masvStorage, method: .put)
        let upload = client.packages.upload([file], team: emulator.masv.seededTeamID, name: "Cancelled",
            options: UploadOptions(chunkSize: 1024, parallelism: 2))
        let waiter = Task { try await upload.value }
        await clock.waitForSleepers(count: 2)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        var events = 0
        for await _ in upload.progress { events += 1 }
        #expect(events == 1)   // only the opening zero: no chunk finished
        #expect(clock.sleeperCount == 0)
        #expect(emulator.requests(to: .masvStorage).filter { $0.method == .put }.count == 2)
        let packageID = try #require(emulator.masv.packageIDs.first)
        #expect(emulator.masv.packageState(packageID) == "new")
    }

    @Test func anUploadOnlyHandleUploadsTheSameWayAndCannotFinalizeTwice() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = MASVClient(credential: .apiKey(Secret("unused")), baseURL: emulator.origins.masv,
            transport: emulator.transport, clock: clock)
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = sampleBytes(2500)
        let file = try write(data, to: "drop.bin", in: folder)

        let package = try await client.portals.upload([file], portal: emulator.masv.seededPortalID, name: "Drop",
            sender: "a@b.tv", options: UploadOptions(chunkSize: 1024)).value
        let fileID = try #require(emulator.masv.fileIDs(packageID: package.id).first)
        #expect(emulator.masv.fileContents(packageID: package.id, fileID: fileID) == data)
        #expect(emulator.masv.packageState(package.id) == "finalized")
        #expect(emulator.requests(to: .masv).allSatisfy { !$0.headers.contains("X-API-KEY") })

        let again = await #expect(throws: AuthError.self) { try await package.finalize() }
        #expect(again?.kind == .conflict)
        let late = await #expect(throws: AuthError.self) { try await package.upload([file]).value }
        #expect(late?.kind == .conflict)
        #expect(emulator.masv.storage.credentialLeaks == 0)
    }

    @Test func theResolvedPortalCreatesAnUploadOnlyPackage() async throws {
        let clock = ManualClock()
        let emulator = makeEmulator(clock: clock)
        let client = makeClient(emulator, clock: clock)
        let portalID = try await client.portals.resolve(subdomain: emulator.masv.seededPortalSubdomain)
        #expect(portalID == emulator.masv.seededPortalID)
        let package = try await client.portals.createPackage(portal: portalID, name: "Drop", sender: "a@b.tv")
        #expect(emulator.masv.packageState(package.id) == "new")
        let creation = try #require(emulator.requests(to: .masv).last)
        #expect(!creation.headers.containsSensitive)
    }
}
