public import ScopedAuth

/// The user lacks a permission in the project: refused by the client before any request, or by the server (403).
///
/// Acquiring a handle (``MetaKraftwerkClient/project(named:as:)``) compares the role's permissions with the
/// ones the server reports for the user and throws this error, naming every missing permission in
/// ``missingPermissions``, before any operation is sent; ``status`` is then `nil`. The server stays the final
/// judge: when it refuses an operation with 403 (permissions changed since, or the handle was acquired
/// unchecked), the operation throws this error naming the permission the server put in the Feathers error's
/// `data.permission`, or else the one the operation needs, with ``status`` 403.
///
/// ```swift
/// do {
///     let project = try await client.project(named: "DEMO_PROJECT", as: BuilderRole.self)
///     _ = try await project.startBuild(patternIDs: [808])
/// } catch let error as ProjectPermissionError {
///     alert("Ask a project owner for \(error.missingPermissions)")
/// }
/// ```
public struct ProjectPermissionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The permission the user lacks (the first of ``missingPermissions``).
    public var permission: ProjectPermission
    /// Every permission the user lacks for the role or operation, in a fixed order (instances, builds, deliveries).
    public var missingPermissions: [ProjectPermission]
    /// The project.
    public var projectID: Int
    /// The role type that was asked for, when acquiring a handle refused it; `nil` for a server's 403.
    public var role: String?
    /// The server's message, for humans.
    public var serviceMessage: String?
    /// The HTTP status, 403, when the server refused; `nil` when the client refused before sending anything.
    public var status: Int?

    /// Creates a permission error for one missing permission, as a server's refusal reports it.
    ///
    /// - Parameters:
    ///   - permission: The missing permission.
    ///   - projectID: The project.
    ///   - serviceMessage: The server's message.
    ///   - status: The HTTP status; 403 unless given, `nil` when no request was sent.
    public init(permission: ProjectPermission, projectID: Int, serviceMessage: String? = nil, status: Int? = 403) {
        self.permission = permission
        missingPermissions = [permission]
        self.projectID = projectID
        self.serviceMessage = serviceMessage
        self.status = status
    }

    /// The refusal of a handle for `role`, which grants `missing` on top of what the user holds.
    init(missing: [ProjectPermission], projectID: Int, role: String) {
        permission = missing.first ?? .readInstances
        missingPermissions = missing
        self.projectID = projectID
        self.role = role
        status = nil
    }

    /// Always `AuthError.Kind.forbidden`, so code that handles `AuthError` kinds can treat both alike.
    public var kind: AuthError.Kind { .forbidden }

    /// The same failure as an `AuthError` of kind `AuthError.Kind.forbidden` whose detail names the permissions.
    public var authError: AuthError {
        AuthError(
            .forbidden, status: status, serviceMessage: serviceMessage, service: MetaKraftwerkClient.serviceName,
            detail: "missing permission \(missingNames) in project \(projectID)")
    }

    /// The error with the permissions, project, role or HTTP status, and server message.
    public var description: String {
        let source = role.map { "for \($0), checked before any request" } ?? "HTTP \(status.map(String.init) ?? "?")"
        return "ProjectPermissionError(missing \(missingNames) in project \(projectID), \(source))"
            + (serviceMessage.map { ": \($0)" } ?? "")
    }

    private var missingNames: String { missingPermissions.map(\.name).joined(separator: ", ") }
}
