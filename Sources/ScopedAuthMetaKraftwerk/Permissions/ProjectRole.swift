public import ScopedAuth

/// A role in a MetaKraftwerk project: a type whose associated types say which permissions a ``ProjectHandle``
/// holds, each `Granted` or `Denied` (the default).
///
/// Operations live in extensions of ``ProjectHandle`` constrained to one permission being `Granted`, so an
/// operation the role does not hold does not compile. Use a predefined role (``ViewerRole``, ``BuilderRole``,
/// ``EditorRole``, ``OwnerRole``) or define your own:
///
/// ```swift
/// enum InstanceAuthor: ProjectRole {
///     typealias ReadsInstances = Granted
///     typealias WritesInstances = Granted
/// }
/// let project = try await client.project(named: "DEMO_PROJECT", as: InstanceAuthor.self)
/// try await project.uploadInstances(uploads, patternID: 808)   // compiles
/// // try await project.startBuild(patternIDs: [808])           // does not: WritesBuilds is Denied
/// ```
///
/// The same associated types are what the client checks: ``permissions`` is computed from them, so a role cannot
/// claim an operation at compile time without the matching permission being checked at run time.
/// ``MetaKraftwerkClient/project(named:as:)`` compares it with the permissions the server reports for the user
/// and throws ``ProjectPermissionError`` naming what is missing, before any operation is sent. What a shipped
/// role grants is fixed where it is declared: a type conforms to `ProjectRole` once, so no other module can make
/// ``ViewerRole`` start builds.
public protocol ProjectRole: Sendable {
    /// `Granted` when the role lists and reads instances (``ProjectPermission/readInstances``).
    associatedtype ReadsInstances = Denied
    /// `Granted` when the role creates and updates instances (``ProjectPermission/writeInstances``).
    associatedtype WritesInstances = Denied
    /// `Granted` when the role lists builds and watches them (``ProjectPermission/readBuilds``).
    associatedtype ReadsBuilds = Denied
    /// `Granted` when the role starts builds (``ProjectPermission/writeBuilds``).
    associatedtype WritesBuilds = Denied
    /// `Granted` when the role lists and downloads build results (``ProjectPermission/readDeliveries``).
    associatedtype ReadsDeliveries = Denied
}

extension ProjectRole {
    /// The permissions this role's associated types grant: what acquiring a handle checks.
    ///
    /// It is computed from the associated types and is not a requirement, so a role cannot declare a value
    /// that differs from what its handle can do.
    ///
    /// ```swift
    /// BuilderRole.permissions.contains(.writeBuilds)   // true
    /// ```
    public static var permissions: Set<ProjectPermission> {
        Set(grantedPermissions)
    }

    /// ``permissions`` in a fixed order: instances, builds, deliveries; reading before writing.
    static var grantedPermissions: [ProjectPermission] {
        let granted: [(ProjectPermission, Any.Type)] = [
            (.readInstances, ReadsInstances.self), (.writeInstances, WritesInstances.self),
            (.readBuilds, ReadsBuilds.self), (.writeBuilds, WritesBuilds.self),
            (.readDeliveries, ReadsDeliveries.self),
        ]
        return granted.filter { $0.1 == Granted.self }.map(\.0)
    }
}
