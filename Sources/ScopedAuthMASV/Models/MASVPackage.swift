public import Foundation

/// What MASV says about a package: its name, state, size and storage expiry.
///
/// It never holds the package's token; that stays inside its ``PackageHandle``.
///
/// ```swift
/// let details = try await handle.details()
/// if details.state == "finalized" { /* share it */ }
/// ```
public struct MASVPackage: Sendable, Hashable, Identifiable {
    /// The package's id (a ULID).
    public var id: String
    /// The package's name.
    public var name: String
    /// The package's description.
    public var description: String
    /// `new`, `finalized`, `expired` or `archived`.
    public var state: String
    /// The total size of its finalized files in bytes.
    public var size: Int64
    /// How many files it holds.
    public var totalFiles: Int
    /// When its storage expires, or `nil` with unlimited storage.
    public var expiry: Date?

    init(_ wire: MASVWire.Package) {
        id = wire.id
        name = wire.name ?? ""
        description = wire.description ?? ""
        state = wire.state ?? "new"
        size = wire.size ?? 0
        totalFiles = wire.totalFiles ?? 0
        expiry = wire.unlimitedStorage == true ? nil : MASVWire.date(wire.expiry)
    }
}
