/// How ``MASVPackages/upload(_:team:name:description:recipients:options:)`` splits and sends files.
///
/// Memory stays near `chunkSize × parallelism`: each running chunk reads its own bytes from disk.
///
/// ```swift
/// var options = UploadOptions()
/// options.parallelism = 8
/// options.chunkSize = 64 * 1024 * 1024
/// ```
public struct UploadOptions: Sendable, Hashable {
    /// Bytes per chunk; `nil` for the package's `min_chunk_size`. Always kept within MASV's limits and raised
    /// when a file would need more than `max_chunks_count` chunks.
    public var chunkSize: Int?
    /// How many chunks are sent at once (at least 1).
    public var parallelism: Int
    /// How many chunk URLs are requested per call (at least 1).
    public var chunkURLBatchSize: Int
    /// How many times a chunk is tried in total before the upload fails (at least 1).
    public var chunkAttempts: Int
    /// The delay before a chunk's first retry; it doubles for each further retry.
    public var chunkRetryDelay: Duration
    /// Whether the package is finalized after its files (finalized packages are locked).
    public var finalizesPackage: Bool

    /// Creates options.
    ///
    /// - Parameters:
    ///   - chunkSize: Bytes per chunk, or `nil` for the package's minimum.
    ///   - parallelism: Chunks in flight at once.
    ///   - chunkURLBatchSize: Chunk URLs per request.
    ///   - chunkAttempts: Attempts per chunk.
    ///   - chunkRetryDelay: The first retry's delay.
    ///   - finalizesPackage: Whether to finalize the package at the end.
    public init(
        chunkSize: Int? = nil, parallelism: Int = 4, chunkURLBatchSize: Int = 50, chunkAttempts: Int = 4,
        chunkRetryDelay: Duration = .milliseconds(500), finalizesPackage: Bool = true
    ) {
        self.chunkSize = chunkSize
        self.parallelism = parallelism
        self.chunkURLBatchSize = chunkURLBatchSize
        self.chunkAttempts = chunkAttempts
        self.chunkRetryDelay = chunkRetryDelay
        self.finalizesPackage = finalizesPackage
    }
}
