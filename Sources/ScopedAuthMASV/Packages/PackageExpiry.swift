public import Foundation

/// How long MASV stores a package: until a date, or without limit.
///
/// ```swift
/// try await handle.updateExpiry(.at(Date.now.addingTimeInterval(30 * 86_400)))
/// try await handle.updateExpiry(.unlimited)
/// ```
public struct PackageExpiry: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case at(Date)
        case unlimited
    }

    let kind: Kind

    /// Stored until `date`, which must lie in the future.
    ///
    /// - Parameter date: The new expiry.
    /// - Returns: The expiry.
    public static func at(_ date: Date) -> PackageExpiry { PackageExpiry(kind: .at(date)) }

    /// Stored without limit (`unlimited_storage`).
    public static let unlimited = PackageExpiry(kind: .unlimited)

    /// The `PUT /v1/packages/{id}/expiry` body.
    var body: MASVWire.ExpiryUpdate {
        switch kind {
        case .at(let date):
            MASVWire.ExpiryUpdate(
                unlimitedStorage: false,
                expiry: date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        case .unlimited: MASVWire.ExpiryUpdate(unlimitedStorage: true, expiry: nil)
        }
    }
}
