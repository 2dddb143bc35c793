/// A role in a MetaKraftwerk project: a type whose conformances to the permission marker protocols say what a
/// ``ProjectHandle`` may do.
///
/// Operations live in extensions of ``ProjectHandle`` constrained to the markers, so an operation the role does
/// not allow does not compile. Use a predefined role (``ViewerRole``, ``BuilderRole``, ``EditorRole``,
/// ``OwnerRole``) or define your own by conformance:
///
/// ```swift
/// enum InstanceAuthor: ReadsInstances, WritesInstances {}
/// let project = try await client.project(named: "DEMO_PROJECT", as: InstanceAuthor.self)
/// try await project.uploadInstances(uploads, patternID: 808)   // compiles
/// // try await project.startBuild(patternIDs: [808])           // does not: no WritesBuilds
/// ```
///
/// The server remains the judge: a role the user does not really hold fails at run time with a
/// ``ProjectPermissionError``.
public protocol ProjectRole: Sendable {}

/// A role that may list and read the project's instances (``ProjectPermission/readInstances``).
public protocol ReadsInstances: ProjectRole {}

/// A role that may create and update the project's instances (``ProjectPermission/writeInstances``).
public protocol WritesInstances: ProjectRole {}

/// A role that may list the project's builds and watch their status (``ProjectPermission/readBuilds``).
public protocol ReadsBuilds: ProjectRole {}

/// A role that may start builds in the project (``ProjectPermission/writeBuilds``).
public protocol WritesBuilds: ProjectRole {}

/// A role that may list and download build results (``ProjectPermission/readDeliveries``).
public protocol ReadsDeliveries: ProjectRole {}

extension ProjectRole {
    /// The permissions this role's conformances grant, for display and checks at run time.
    ///
    /// ```swift
    /// BuilderRole.permissions.contains(.writeBuilds)   // true
    /// ```
    public static var permissions: Set<ProjectPermission> {
        var permissions: Set<ProjectPermission> = []
        if Self.self is any ReadsInstances.Type { permissions.insert(.readInstances) }
        if Self.self is any WritesInstances.Type { permissions.insert(.writeInstances) }
        if Self.self is any ReadsBuilds.Type { permissions.insert(.readBuilds) }
        if Self.self is any WritesBuilds.Type { permissions.insert(.writeBuilds) }
        if Self.self is any ReadsDeliveries.Type { permissions.insert(.readDeliveries) }
        return permissions
    }
}
