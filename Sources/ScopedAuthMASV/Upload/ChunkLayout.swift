/// How one file is cut into chunks within MASV's limits: the chunk size, the number of parts and each range.
struct ChunkLayout: Sendable, Hashable {
    let fileSize: Int64
    let chunkSize: Int64
    let partCount: Int

    /// - Parameters:
    ///   - requested: The caller's chunk size, or `nil` for the minimum.
    ///   - limits: `min_chunk_size`, `max_chunk_size` and `max_chunks_count` from the add-file answer.
    init(fileSize: Int64, requested: Int?, limits: MASVWire.AddedFile) {
        let minimum = max(1, limits.minChunkSize ?? 5 * 1024 * 1024)
        let maximum = max(minimum, limits.maxChunkSize ?? 5 * 1024 * 1024 * 1024)
        let maxCount = Int64(max(1, limits.maxChunksCount ?? 10_000))
        var size = min(max(Int64(requested ?? 0), minimum), maximum)
        // The limits come from the network: any of them may be Int64.max, so no sum may overflow.
        let needed = Self.partsOf(fileSize, by: maxCount)
        if needed > size { size = min(needed, maximum) }
        self.fileSize = fileSize
        chunkSize = size
        // An empty file still sends one (empty) part: S3 completes no upload without parts.
        partCount = max(1, Int(Self.partsOf(fileSize, by: size)))
    }

    /// ⌈`size` / `part`⌉ for `part` ≥ 1, without the overflow of `(size + part - 1) / part`.
    private static func partsOf(_ size: Int64, by part: Int64) -> Int64 {
        size <= 0 ? 0 : (size - 1) / part + 1
    }

    /// The byte range of `part` (1-based).
    func range(ofPart part: Int) -> Range<Int64> {
        let start = Int64(part - 1) * chunkSize
        return start..<min(start + chunkSize, fileSize)
    }
}
