/// How far an upload has come: bytes sent of the total, and the file whose chunk just finished.
///
/// Events arrive in order, `bytesSent` never decreases, and the last event has `bytesSent == totalBytes`.
///
/// ```swift
/// for await progress in upload.progress {
///     logger.info("\(progress.file?.path ?? "") \(Int(progress.fractionCompleted * 100))%")
/// }
/// ```
public struct UploadProgress: Sendable, Hashable {
    /// One file's progress.
    public struct File: Sendable, Hashable {
        /// The file's path in the package, folders included (`Rushes/day1/a.mov`).
        public var path: String
        /// Bytes of this file confirmed by storage.
        public var bytesSent: Int64
        /// The file's size.
        public var totalBytes: Int64
    }

    /// Bytes of every file confirmed by storage.
    public var bytesSent: Int64
    /// The size of every file together.
    public var totalBytes: Int64
    /// The file this event is about, or `nil` for the first event.
    public var file: File?

    /// `bytesSent / totalBytes`, and 1 for an upload of empty files once done.
    public var fractionCompleted: Double {
        totalBytes == 0 ? (file == nil ? 0 : 1) : Double(bytesSent) / Double(totalBytes)
    }
}
