public import ScopedAuth

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
    /// How a chunk that failed transiently is retried: its `RetryPolicy.maximumAttempts` (at least 1)
    /// and the jittered, doubling delays, the same policy type as the client's API requests use. By default 4
    /// attempts, 500 ms before the first retry, at most 30 s, half of each delay randomised.
    public var chunkRetryPolicy: RetryPolicy
    /// Whether the package is finalized after its files (finalized packages are locked).
    public var finalizesPackage: Bool

    /// Creates options.
    ///
    /// - Parameters:
    ///   - chunkSize: Bytes per chunk, or `nil` for the package's minimum.
    ///   - parallelism: Chunks in flight at once.
    ///   - chunkURLBatchSize: Chunk URLs per request.
    ///   - chunkRetryPolicy: How failed chunks are retried.
    ///   - finalizesPackage: Whether to finalize the package at the end.
    public init(
        chunkSize: Int? = nil, parallelism: Int = 4, chunkURLBatchSize: Int = 50,
        chunkRetryPolicy: RetryPolicy = UploadOptions.defaultChunkRetryPolicy, finalizesPackage: Bool = true
    ) {
        self.chunkSize = chunkSize
        self.parallelism = parallelism
        self.chunkURLBatchSize = chunkURLBatchSize
        self.chunkRetryPolicy = chunkRetryPolicy
        self.finalizesPackage = finalizesPackage
    }

    /// Four attempts per chunk, 500 ms before the first retry and doubling, at most 30 s, jittered by half.
    public static let defaultChunkRetryPolicy = RetryPolicy(
        maximumAttempts: 4, initialDelay: .milliseconds(500), maximumDelay: .seconds(30), jitter: 0.5)

    /// Creates options with the chunk retries given as attempts and a first delay (the former spelling).
    @available(*, deprecated, message: "use init(chunkSize:parallelism:chunkURLBatchSize:chunkRetryPolicy:finalizesPackage:)")
    public init(
        chunkSize: Int? = nil, parallelism: Int = 4, chunkURLBatchSize: Int = 50, chunkAttempts: Int = 4,
        chunkRetryDelay: Duration, finalizesPackage: Bool = true
    ) {
        var policy = Self.defaultChunkRetryPolicy
        policy.maximumAttempts = chunkAttempts
        policy.initialDelay = chunkRetryDelay
        self.init(chunkSize: chunkSize, parallelism: parallelism, chunkURLBatchSize: chunkURLBatchSize,
                  chunkRetryPolicy: policy, finalizesPackage: finalizesPackage)
    }

    /// How many times a chunk is tried in total: ``chunkRetryPolicy``'s `maximumAttempts`.
    @available(*, deprecated, message: "use chunkRetryPolicy.maximumAttempts")
    public var chunkAttempts: Int {
        get { chunkRetryPolicy.maximumAttempts }
        set { chunkRetryPolicy.maximumAttempts = newValue }
    }

    /// The delay before a chunk's first retry: ``chunkRetryPolicy``'s `initialDelay`.
    @available(*, deprecated, message: "use chunkRetryPolicy.initialDelay")
    public var chunkRetryDelay: Duration {
        get { chunkRetryPolicy.initialDelay }
        set { chunkRetryPolicy.initialDelay = newValue }
    }
}
