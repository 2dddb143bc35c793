public import ScopedAuth

/// Storage credentials given for one transfer only, instead of a team cloud connection.
///
/// They are the only way a download token may start a transfer. The values are secrets and never print.
///
/// ```swift
/// let credentials = SingleUseCredentials(provider: "amazon_s3", authorization: [
///     "access_key_id": Secret(keyID), "secret_access_key": Secret(secret), "bucket": Secret("deliveries"),
/// ])
/// ```
public struct SingleUseCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The storage provider, such as `amazon_s3`.
    public var provider: String
    /// The provider's authorization fields.
    public var authorization: [String: Secret]

    /// Creates single-use credentials.
    ///
    /// - Parameters:
    ///   - provider: The storage provider, such as `amazon_s3`.
    ///   - authorization: The provider's authorization fields.
    public init(provider: String, authorization: [String: Secret]) {
        self.provider = provider
        self.authorization = authorization
    }

    /// The provider and field names; never the values.
    public var description: String {
        "SingleUseCredentials(provider: \(provider), fields: \(authorization.keys.sorted()), values: <redacted>)"
    }

    /// The transfer body that carries these credentials (revealed only when it is encoded).
    var body: MASVWire.TransferWithCredentials {
        MASVWire.TransferWithCredentials(
            direction: TransferDirection.masvToCloud.rawValue,
            singleUseCredentials: .init(provider: provider, authorization: authorization))
    }
}
