/// The state of a MASV transfer: `pending`, `started`, `complete`, `cancelled` or `error`.
///
/// ```swift
/// if try await transfer.status().state == .error { try await transfer.retry() }
/// ```
public struct TransferState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The state's name as MASV writes it.
    public var rawValue: String
    /// Creates a state from its name (MASV may add states).
    ///
    /// - Parameter rawValue: The name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Queued.
    public static let pending = TransferState(rawValue: "pending")
    /// Moving data.
    public static let started = TransferState(rawValue: "started")
    /// Finished.
    public static let complete = TransferState(rawValue: "complete")
    /// Stopped by a cancel.
    public static let cancelled = TransferState(rawValue: "cancelled")
    /// Failed; may be retried.
    public static let error = TransferState(rawValue: "error")
    /// The state's name.
    public var description: String { rawValue }
}

/// Which way a transfer moves data: out of MASV to a cloud connection, or from a connection into MASV.
///
/// ```swift
/// try await handle.startTransfer(toCloudConnection: id, direction: .cloudToMASV)
/// ```
public struct TransferDirection: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The direction's name as MASV writes it.
    public var rawValue: String
    /// Creates a direction from its name.
    ///
    /// - Parameter rawValue: The name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// From the package to the cloud connection (`masv_to_cloud`).
    public static let masvToCloud = TransferDirection(rawValue: "masv_to_cloud")
    /// From the cloud connection into the package (`cloud_to_masv`).
    public static let cloudToMASV = TransferDirection(rawValue: "cloud_to_masv")
    /// The direction's name.
    public var description: String { rawValue }
}
