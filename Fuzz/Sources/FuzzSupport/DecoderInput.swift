import Foundation
public import ScopedAuth

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
