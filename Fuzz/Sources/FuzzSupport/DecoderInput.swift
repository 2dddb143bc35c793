import Foundation
public import ScopedAuth
import Synchronization

/// One decoder fuzz input: which answer it stands for, and the response (status, headers, body) to read.
///
/// Layout of the raw bytes (documented in Fuzz/README.md, and what `Fuzz/Seeds/make-seeds.py` writes):
///
/// | byte | meaning |
/// |------|---------|
/// | 0 | the answer: `byte % cases`, in the order of the service's `Answer` cases |
/// | 1 | the status: below 128 one of ``statuses`` (`byte % count`), from 128 `100 + 4 × (byte − 128)` (100…608) |
/// | 2 | `n`, the length of the header block that follows |
/// | 3 ..< 3+n | header lines `Name: value`, separated by `\n` (lines without `:` are skipped) |
/// | 3+n ... | the body |
public struct DecoderInput: Sendable {
    /// The index of the answer, in `0..<cases`.
    public let answer: Int
    /// The response to decode.
    public let response: HTTPResponse

    /// The statuses most inputs carry: the successes the decoders read and every error status a client maps.
    public static let statuses = [200, 200, 201, 204, 206, 400, 401, 403, 404, 408, 409, 416, 422, 429, 500, 503]

    /// Splits raw fuzzer bytes.
    public init(_ start: UnsafePointer<UInt8>?, _ count: Int, cases: Int) {
        let bytes = start.map { UnsafeBufferPointer(start: $0, count: count) } ?? UnsafeBufferPointer(start: nil, count: 0)
        answer = bytes.isEmpty ? 0 : Int(bytes[0]) % max(1, cases)
        let statusByte = bytes.count > 1 ? Int(bytes[1]) : 0
        let status = statusByte < 128 ? Self.statuses[statusByte % Self.statuses.count] : 100 + 4 * (statusByte - 128)
        let headerLength = bytes.count > 2 ? Int(bytes[2]) : 0
        let headerEnd = min(bytes.count, 3 + headerLength)
        var headers = HTTPHeaders()
        if headerEnd > 3 {
            let block = String(decoding: UnsafeBufferPointer(rebasing: bytes[3..<headerEnd]), as: UTF8.self)
            for line in block.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let value = line[line.index(after: colon)...].drop(while: { $0 == " " })
                headers.add(name: String(line[..<colon]), value: String(value))
            }
        }
        let body = headerEnd < bytes.count ? Data(UnsafeBufferPointer(rebasing: bytes[headerEnd...])) : Data()
        response = HTTPResponse(status: status, headers: headers, body: body)
    }
}

/// A fixed wall-clock time against which HTTP-date `Retry-After` values are read.
private let fuzzNow = Date(timeIntervalSince1970: 1_800_000_000)

/// Decodes one input: a value is fine, a typed error is fine, anything else (or a trap) is a finding.
///
/// It also reads the headers every client reads through the core, the way the pipeline does: `Date` (the
/// session's clock skew) and `Retry-After` (the retry middleware, in both forms).
///
/// - Parameters:
///   - input: The answer and response.
///   - isTyped: Whether an error other than ``AuthError`` is one of the service's documented typed errors.
///   - decode: The service's decoding seam.
public func checkDecoding(
    _ input: DecoderInput,
    isTyped: (any Error) -> Bool = { _ in false },
    _ decode: (HTTPResponse) throws -> any Sendable
) {
    InputBudget.measure {
        _ = (input.response.serverDate, input.response.retryAfter(now: fuzzNow), input.response.retryAfter(now: nil))
        do {
            let value = try decode(input.response)
            _ = String(describing: value)
        } catch let error as AuthError {
            // Describing a typed error must not trap either.
            _ = (String(describing: error), error.kind.isTransient)
        } catch {
            guard isTyped(error) else { fatalError("untyped error escaped the SDK: \(type(of: error))") }
            _ = String(describing: error)
        }
    }
}

/// The time budget of one input, measured in CPU time of the fuzzing thread.
///
/// libFuzzer's `-timeout` is wall-clock time in whole seconds: on a loaded machine (or under `nice`) an input that
/// takes a fraction of a millisecond can wait a second for the CPU and be reported as a timeout. CPU time counts
/// only the input's own work, so the budget can be strict and still never flaky: an input that spends more than
/// ``limit`` of CPU decoding fails the run like a crash. The first ``warmUpInputs`` inputs are exempt: they pay
/// one-time costs (lazy globals, loading Foundation's date and Unicode data).
public enum InputBudget {
    /// The most CPU time one input may take.
    public static let limit = Duration.milliseconds(100)
    /// How many inputs run before the budget applies.
    public static let warmUpInputs = 16

    private static let state = Mutex<(inputs: Int, slowest: Duration)>((0, .zero))

    /// Runs `body`, failing the process when it takes more CPU time than ``limit``.
    public static func measure(_ body: () -> Void) {
        let start = cpuTime()
        body()
        let spent = cpuTime() - start
        let inputs = state.withLock { state in
            state.inputs += 1
            if state.inputs > warmUpInputs { state.slowest = max(state.slowest, spent) }
            return state.inputs
        }
        if inputs == warmUpInputs + 1 { reportAtExit() }
        if inputs > warmUpInputs, spent > limit {
            fatalError("slow input: \(spent) of CPU time, over the budget of \(limit)")
        }
    }

    /// Prints the slowest input's CPU time (after warm-up) when the process exits, for scripts/fuzz.sh to report.
    private static func reportAtExit() {
        atexit {
            let slowest = InputBudget.state.withLock { $0.slowest }.components
            let microseconds = slowest.seconds * 1_000_000 + slowest.attoseconds / 1_000_000_000_000
            FileHandle.standardError.write(Data("stat::slowest_input_cpu_us:     \(microseconds)\n".utf8))
        }
    }

    /// The calling thread's CPU time.
    private static func cpuTime() -> Duration {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
    }
}
