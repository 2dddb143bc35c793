import ScopedAuth

/// One transfer and its transfer token: read its status, retry it, cancel it, and nothing else.
///
/// The transfer token goes in `X-Transfer-Token` on this handle's three requests and nowhere else; it cannot be
/// read from outside the handle.
///
/// ```swift
/// let transfer = try await package.startTransfer(toCloudConnection: connectionID)
/// if try await transfer.status().state == .error {
///     try await transfer.retry()
/// }
/// ```
public struct TransferHandle: Sendable, Identifiable, CustomStringConvertible, CustomReflectable {
    /// The transfer's id.
    public let id: String
    /// The transfer as it was when this handle was made.
    public let initial: MASVTransfer
    private let token: Secret
    private let connection: MASVConnection

    init(transfer: MASVTransfer, token: Secret, connection: MASVConnection) {
        id = transfer.id
        initial = transfer
        self.connection = connection
        self.token = token
    }

    /// The pipeline that stamps the transfer token; built per call, so the handle holds no client (and no token
    /// source) that reflection could reach.
    private var client: HTTPClient { connection.client(token: token, header: "X-Transfer-Token") }

    /// The transfer's current state (`GET /v1/transfers/{id}`).
    ///
    /// ```swift
    /// let state = try await transfer.status().state
    /// ```
    ///
    /// - Returns: The transfer.
    /// - Throws: `AuthError`.
    public func status() async throws -> MASVTransfer {
        try await call(.get, RequestPath("v1", "transfers", id))
    }

    /// Starts a failed or cancelled transfer again (`POST /v1/transfers/{id}/retry`).
    ///
    /// ```swift
    /// try await transfer.retry()
    /// ```
    ///
    /// - Returns: The transfer, `started` again.
    /// - Throws: `AuthError`: `conflict` unless the transfer is in `error` or `cancelled`.
    @discardableResult
    public func retry() async throws -> MASVTransfer {
        try await call(.post, RequestPath("v1", "transfers", id, "retry"))
    }

    /// Cancels a pending, started or failed transfer (`POST /v1/transfers/{id}/cancel`).
    ///
    /// ```swift
    /// try await transfer.cancel()
    /// ```
    ///
    /// - Returns: The transfer, `cancelled`.
    /// - Throws: `AuthError`: `conflict` for a transfer already complete or cancelled.
    @discardableResult
    public func cancel() async throws -> MASVTransfer {
        try await call(.post, RequestPath("v1", "transfers", id, "cancel"))
    }

    /// The transfer's id; never the token.
    public var description: String { "TransferHandle(id: \(id), token: <redacted>)" }

    /// The id and the transfer as first seen; never the token, the connection or a client.
    public var customMirror: Mirror {
        Mirror(self, children: ["id": id, "initial": initial, "token": "<redacted>"], displayStyle: .struct)
    }

    private func call(_ method: HTTPMethod, _ path: RequestPath) async throws -> MASVTransfer {
        MASVTransfer(try await connection.send(client, method, path).decodeMASV(MASVWire.Transfer.self))
    }
}
