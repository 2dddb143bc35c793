import ScopedAuth

/// Adds confirmed bytes and publishes each new total on the progress stream, in order.
final class UploadProgressReporter: Sendable {
    private struct State {
        var sent: Int64 = 0
        var perFile: [String: Int64] = [:]
    }

    private let state = LockedValue(State())
    private let continuation: AsyncStream<UploadProgress>.Continuation
    let totalBytes: Int64

    init(totalBytes: Int64, continuation: AsyncStream<UploadProgress>.Continuation) {
        self.totalBytes = totalBytes
        self.continuation = continuation
        continuation.yield(UploadProgress(bytesSent: 0, totalBytes: totalBytes, file: nil))
    }

    /// Records `bytes` more of `file` (of `fileSize`) as confirmed by storage.
    func confirm(_ bytes: Int64, of path: String, fileSize: Int64) {
        state.withLock { state in
            state.sent += bytes
            state.perFile[path, default: 0] += bytes
            // Yielding under the lock keeps the stream's order equal to the order of the totals.
            continuation.yield(UploadProgress(
                bytesSent: state.sent, totalBytes: totalBytes,
                file: UploadProgress.File(path: path, bytesSent: state.perFile[path] ?? 0, totalBytes: fileSize)
            ))
        }
    }

    func finish() { continuation.finish() }
}
