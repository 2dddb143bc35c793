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

    var json: [String: Any] {
        switch kind {
        case .at(let date):
            ["unlimited_storage": false, "expiry": date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))]
        case .unlimited: ["unlimited_storage": true]
        }
    }
}
