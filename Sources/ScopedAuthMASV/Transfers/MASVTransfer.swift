/// What MASV says about a transfer: its state, direction and provider; never its token.
///
/// ```swift
/// let transfer = try await handle.startTransfer(toCloudConnection: connectionID)
/// let state = try await transfer.status().state
/// ```
public struct MASVTransfer: Sendable, Hashable, Identifiable {
    /// The transfer's id.
    public var id: String
    /// The package it moves.
    public var packageID: String
    /// Where it stands.
    public var state: TransferState
    /// Which way it moves data.
    public var direction: TransferDirection
    /// The storage provider, such as `amazon_s3`.
    public var provider: String
    /// The team cloud connection, or `nil` with single-use credentials.
    public var cloudConnectionID: String?
    /// How often it was retried.
    public var retries: Int

    init(_ wire: MASVWire.Transfer) {
        id = wire.id
        packageID = wire.packageId ?? ""
        state = TransferState(rawValue: wire.state)
        direction = TransferDirection(rawValue: wire.direction ?? TransferDirection.masvToCloud.rawValue)
        provider = wire.provider ?? ""
        cloudConnectionID = wire.cloudConnectionId
        retries = wire.retries ?? 0
    }
}
