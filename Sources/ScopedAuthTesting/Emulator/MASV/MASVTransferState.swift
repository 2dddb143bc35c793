/// The state of a MASV transfer to or from a cloud connection.
///
/// MASV names five states (SERVICES.md 1.9): `pending`, `started`, `complete`, `cancelled` and `error`.
/// A new transfer is `started`; tests move it with ``MASVEmulator/setTransferState(_:to:)``.
public struct MASVTransferState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The state's name as MASV writes it.
    public var rawValue: String
    /// Creates a state from its name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Queued, not yet moving data.
    public static let pending = MASVTransferState(rawValue: "pending")
    /// Moving data.
    public static let started = MASVTransferState(rawValue: "started")
    /// Finished successfully.
    public static let complete = MASVTransferState(rawValue: "complete")
    /// Stopped by a cancel request.
    public static let cancelled = MASVTransferState(rawValue: "cancelled")
    /// Failed; may be retried.
    public static let error = MASVTransferState(rawValue: "error")
    /// The state's name.
    public var description: String { rawValue }
}
