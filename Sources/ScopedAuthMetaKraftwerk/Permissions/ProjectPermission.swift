/// A per-project permission of a MetaKraftwerk user, such as `write_builds`.
///
/// The server decides what a user may do in a project; these are the permissions it checks. A role type
/// (``ProjectRole``) states at compile time which of them a ``ProjectHandle`` expects, and a
/// ``ProjectPermissionError`` names the one the server found missing.
///
/// ```swift
/// if error.permission == .writeBuilds { /* ask an owner for Start/Delete Builds */ }
/// ```
public struct ProjectPermission: Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case readInstances
        case writeInstances
        case readBuilds
        case writeBuilds
        case readDeliveries
        case other(String)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// Creates the permission the server names in an error's `data.permission`.
    ///
    /// - Parameter name: An identifier such as `read_deliveries`; a name this SDK does not know is kept as is.
    public init(name: String) {
        switch name {
        case "read_instances": kind = .readInstances
        case "write_instances": kind = .writeInstances
        case "read_builds": kind = .readBuilds
        case "write_builds": kind = .writeBuilds
        case "read_deliveries": kind = .readDeliveries
        default: kind = .other(name)
        }
    }

    /// List and read instances ("View Instances").
    public static let readInstances = ProjectPermission(.readInstances)
    /// Create and update instances ("Edit/Delete Instances").
    public static let writeInstances = ProjectPermission(.writeInstances)
    /// List builds and read their status ("View Builds").
    public static let readBuilds = ProjectPermission(.readBuilds)
    /// Start builds ("Start/Delete Builds").
    public static let writeBuilds = ProjectPermission(.writeBuilds)
    /// List and download build results ("View Deliveries").
    public static let readDeliveries = ProjectPermission(.readDeliveries)

    /// The permission's identifier as the server spells it, such as `write_builds`.
    public var name: String {
        switch kind {
        case .readInstances: "read_instances"
        case .writeInstances: "write_instances"
        case .readBuilds: "read_builds"
        case .writeBuilds: "write_builds"
        case .readDeliveries: "read_deliveries"
        case .other(let name): name
        }
    }

    /// Same as ``name``.
    public var description: String { name }
}
