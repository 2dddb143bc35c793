/// A per-project permission of a MetaKraftwerk user, as the emulator enforces it (SERVICES.md section 7).
///
/// An operation without its permission answers 403 Feathers `Forbidden` naming the permission in
/// `data.permission`.
///
/// ```swift
/// emulator.setPermissions([.readInstances, .readBuilds], email: "reader@example.com", projectID: 402)
/// ```
public struct MetaKraftwerkPermission: Hashable, Sendable, CustomStringConvertible {
    enum Kind: String, CaseIterable {
        case readInstances = "read_instances"
        case writeInstances = "write_instances"
        case readBuilds = "read_builds"
        case writeBuilds = "write_builds"
        case readDeliveries = "read_deliveries"
    }

    let kind: Kind

    /// List and read instances (`GET /api/v1/instances`).
    public static let readInstances = MetaKraftwerkPermission(kind: .readInstances)
    /// Create and update instances (`POST /api/v1/instances`).
    public static let writeInstances = MetaKraftwerkPermission(kind: .writeInstances)
    /// List and read builds (`GET /api/v1/builds`).
    public static let readBuilds = MetaKraftwerkPermission(kind: .readBuilds)
    /// Start builds (`POST /api/v1/builds`).
    public static let writeBuilds = MetaKraftwerkPermission(kind: .writeBuilds)
    /// List and download build results (`GET /api/v1/downloads`).
    public static let readDeliveries = MetaKraftwerkPermission(kind: .readDeliveries)

    /// Every permission.
    public static let all: Set<MetaKraftwerkPermission> = Set(Kind.allCases.map(MetaKraftwerkPermission.init))
    /// The read permissions: instances, builds and deliveries.
    public static let readOnly: Set<MetaKraftwerkPermission> = [.readInstances, .readBuilds, .readDeliveries]

    /// The permission's identifier, such as `write_builds`, as it appears in `data.permission`.
    public var name: String { kind.rawValue }

    /// Same as ``name``.
    public var description: String { name }
}
