/// The limits and lifetimes of an emulated MASV account.
///
/// The defaults follow MASV's documentation (SERVICES.md 1.6 and section 7): 5 MiB to 5 GiB chunks, at most
/// 10,000 chunks per file, user tokens that live 3 days and packages stored for 10 days. Tests that upload
/// multi-chunk files of a few hundred kilobytes lower the chunk limits:
///
/// ```swift
/// let masv = MASVEmulator(configuration: MASVConfiguration(minChunkSize: 1024, maxChunkSize: 64 * 1024))
/// ```
public struct MASVConfiguration: Sendable, Hashable {
    /// The smallest chunk allowed for every part of a file except its last, in bytes (`min_chunk_size`).
    public var minChunkSize: Int
    /// The largest chunk the storage origin accepts, in bytes (`max_chunk_size`).
    public var maxChunkSize: Int
    /// The most chunks one file may have (`max_chunks_count`).
    public var maxChunksCount: Int
    /// How long a user token from `POST /v1/auth` is accepted.
    public var userTokenLifetime: Duration
    /// How long a new package is stored; package tokens expire with the package's storage.
    public var packageStorageDuration: Duration
    /// How long package and transfer tokens live when a package has unlimited storage.
    public var unlimitedStorageTokenLifetime: Duration
    /// How long a presigned storage URL (upload creation, chunk, download) is accepted.
    public var presignedURLLifetime: Duration
    /// The seed of the generator that names the seeded team, user, key, portal and cloud connection.
    public var seed: UInt64

    /// Creates a configuration; every argument defaults to MASV's documented behaviour.
    ///
    /// - Parameters:
    ///   - minChunkSize: The smallest non-final chunk in bytes; at least 1.
    ///   - maxChunkSize: The largest chunk in bytes; raised to `minChunkSize` when smaller.
    ///   - maxChunksCount: The most chunks per file; at least 1.
    ///   - userTokenLifetime: The user token's lifetime.
    ///   - packageStorageDuration: How long new packages are stored (and their tokens live).
    ///   - unlimitedStorageTokenLifetime: Token lifetime for packages with unlimited storage.
    ///   - presignedURLLifetime: How long presigned storage URLs work.
    ///   - seed: The seed for the seeded records' identifiers.
    public init(
        minChunkSize: Int = 5 * 1024 * 1024,
        maxChunkSize: Int = 5 * 1024 * 1024 * 1024,
        maxChunksCount: Int = 10_000,
        userTokenLifetime: Duration = .seconds(3 * 86_400),
        packageStorageDuration: Duration = .seconds(10 * 86_400),
        unlimitedStorageTokenLifetime: Duration = .seconds(365 * 86_400),
        presignedURLLifetime: Duration = .seconds(3_600),
        seed: UInt64 = 0x4D41_5356
    ) {
        self.minChunkSize = max(1, minChunkSize)
        self.maxChunkSize = max(self.minChunkSize, maxChunkSize)
        self.maxChunksCount = max(1, maxChunksCount)
        self.userTokenLifetime = userTokenLifetime
        self.packageStorageDuration = packageStorageDuration
        self.unlimitedStorageTokenLifetime = unlimitedStorageTokenLifetime
        self.presignedURLLifetime = presignedURLLifetime
        self.seed = seed
    }
}
