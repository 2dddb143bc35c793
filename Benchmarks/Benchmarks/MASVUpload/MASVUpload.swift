// Suite 5: a 256 MiB file uploaded with `MASVClient` (`client.packages.upload`, 8 MiB chunks, 4 in parallel) to
// the emulator's MASV API and storage origin through `emulator.transport`, versus the same lifecycle written by
// hand with raw requests through the same transport: create the package, add the file, create the multipart
// upload, get every chunk URL, PUT the same 8 MiB chunks 4 at a time (each read with one `pread`), finalize the
// file and the package. One iteration is one whole upload to a fresh emulator.
//
// The emulator keeps every uploaded byte in memory (the stored parts, shared with its request log, and the
// finalized file's contents), so both benchmarks' peak resident memory includes ~2 × 256 MiB that is not the
// client's; the client's own share is its peak minus the reference's peak, plus the reference's own chunks.
import Benchmark
import BenchmarkSupport
import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting
import Synchronization

/// Bytes uploaded per iteration (the same in CI mode: fewer iterations instead, see the configuration).
let fileSize = 256 * 1024 * 1024
let chunkSize = 8 * 1024 * 1024
let parallelism = 4
/// The two ways of uploading, measured in the same iteration.
enum Uploader: String, CaseIterable {
    case direct = "direct (reference)"
    case client = "client"

    /// Metrics of one side.
    var throughput: BenchmarkMetric {
        .custom("\(rawValue) bytes per second", polarity: .prefersLarger, useScalingFactor: false)
    }
    var cpu: BenchmarkMetric { .custom("\(rawValue) CPU time per upload (ms)", polarity: .prefersSmaller, useScalingFactor: false) }
    var wall: BenchmarkMetric { .custom("\(rawValue) wall time per upload (ms)", polarity: .prefersSmaller, useScalingFactor: false) }
    var peak: BenchmarkMetric {
        .custom("\(rawValue) peak resident memory (MB)", polarity: .prefersSmaller, useScalingFactor: false)
    }
    /// Requests the emulator's MASV API and storage origin received for one upload: deterministic (no retries).
    var requests: BenchmarkMetric {
        .custom("\(rawValue) requests per upload", polarity: .prefersSmaller, useScalingFactor: false)
    }
    var all: [BenchmarkMetric] { [throughput, cpu, wall, peak, requests] }

    func upload(_ emulator: Emulator, _ file: URL) async throws {
        switch self {
        case .direct:
            try await DirectUpload(emulator: emulator).run(file)
        case .client:
            let client = MASVClient(
                credential: .apiKey(emulator.masv.seededAPIKey), baseURL: emulator.origins.masv,
                transport: emulator.transport, clock: emulator.clock)
            let upload = client.packages.upload(
                [file], team: emulator.masv.seededTeamID, name: "benchmark",
                options: UploadOptions(chunkSize: chunkSize, parallelism: parallelism))
            _ = try await upload.value
        }
    }
}

/// Paired ratios of one iteration, client against direct, in percent.
let throughputRatio = BenchmarkMetric.custom(
    "client ÷ direct, throughput (%)", polarity: .prefersLarger, useScalingFactor: false)
let cpuRatio = BenchmarkMetric.custom("client ÷ direct, CPU time (%)", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: Uploader.allCases.flatMap(\.all) + [throughputRatio, cpuRatio],
        timeUnits: .milliseconds,
        // An iteration moves 2 × 256 MiB through the emulator (~8–16 s here): CI runs one, the full mode a warm-up
        // and ten.
        warmupIterations: isCIMode ? 0 : 1,
        maxDuration: isCIMode ? .seconds(1) : .seconds(360),
        maxIterations: isCIMode ? 1 : 10
    )
    // Both uploads in every iteration, the order alternating, so that each ratio pairs two uploads made under the
    // same load (two benchmarks run one after the other gave 71 % and 127 % on two runs).
    Benchmark(
        "paired: client and direct upload, interleaved", configuration: configuration,
        closure: { benchmark in
            let iteration = uploadIteration.add(1, ordering: .relaxed).newValue
            let order = iteration.isMultiple(of: 2) ? Uploader.allCases : Uploader.allCases.reversed()
            var results: [Uploader: (seconds: Double, cpu: Int)] = [:]
            for uploader in order {
                results[uploader] = try await measureUpload(benchmark, uploader)
            }
            if let client = results[.client], let direct = results[.direct] {
                benchmark.measurement(throughputRatio, Int(direct.seconds / client.seconds * 100))
                benchmark.measurement(cpuRatio, direct.cpu > 0 ? client.cpu * 100 / direct.cpu : 0)
            }
        }, setup: { _ = try UploadFile.shared.url }
    )
}

let uploadIteration = Atomic<Int>(0)

/// Times one upload of the file to a fresh emulator and records its figures; checks the stored file's size.
/// Returns the wall time in seconds and the CPU time in nanoseconds.
nonisolated func measureUpload(_ benchmark: Benchmark, _ uploader: Uploader) async throws -> (seconds: Double, cpu: Int) {
    let file = try UploadFile.shared.url
    let emulator = Emulator(
        clock: SystemAuthClock(),
        masvConfiguration: MASVConfiguration(minChunkSize: chunkSize, maxChunkSize: chunkSize))
    resetPeakResidentMemory()
    let cpuBefore = processCPUNanoseconds()
    let start = ContinuousClock.now
    try await uploader.upload(emulator, file)
    let elapsed = ContinuousClock.now - start
    let cpu = processCPUNanoseconds() - cpuBefore
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    benchmark.measurement(uploader.throughput, Int(Double(fileSize) / seconds))
    benchmark.measurement(uploader.wall, Int(seconds * 1_000))
    benchmark.measurement(uploader.cpu, cpu / 1_000_000)
    benchmark.measurement(uploader.peak, peakResidentMemory() / 1_000_000)
    benchmark.measurement(
        uploader.requests, emulator.counters.requests(.masv) + emulator.counters.requests(.masvStorage))
    let stored = emulator.masv.packageIDs.flatMap { package in
        emulator.masv.fileIDs(packageID: package).compactMap { emulator.masv.fileContents(packageID: package, fileID: $0) }
    }
    if stored.count != 1 || stored[0].count != fileSize {
        benchmark.error("\(uploader.rawValue): the emulator did not store one file of \(fileSize) bytes")
    }
    return (seconds, cpu)
}

/// The file every benchmark uploads: `fileSize` pseudo-random bytes in the temporary directory, written once per
/// process (each benchmark runs in its own process) and removed when the process exits.
final class UploadFile: Sendable {
    static let shared = UploadFile()
    private let result: Result<URL, any Error>

    var url: URL { get throws { try result.get() } }

    /// Where the file lives: the temporary directory, named after this process.
    static let location = FileManager.default.temporaryDirectory
        .appendingPathComponent("scopedauth-benchmark-\(ProcessInfo.processInfo.processIdentifier).bin")

    private init() {
        let url = Self.location
        result = Result {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            // SplitMix64: incompressible bytes without a `getrandom` call per word.
            var state: UInt64 = 0x5CA1_AB1E
            var block = [UInt64](repeating: 0, count: 1024 * 1024 / 8)
            for _ in 0..<(fileSize / (block.count * 8)) {
                for index in block.indices {
                    state &+= 0x9E37_79B9_7F4A_7C15
                    var word = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    word = (word ^ (word >> 27)) &* 0x94D0_49BB_1331_11EB
                    block[index] = word ^ (word >> 31)
                }
                try block.withUnsafeBytes { try handle.write(contentsOf: $0) }
            }
            // On disk before any measurement: no writeback of 256 MiB of dirty pages during the first iterations.
            try handle.synchronize()
            atexit { try? FileManager.default.removeItem(at: UploadFile.location) }
            return url
        }
    }
}
