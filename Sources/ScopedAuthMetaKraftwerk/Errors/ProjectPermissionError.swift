public import ScopedAuth

/// The server refused an operation because the user lacks a permission in the project (HTTP 403).
///
/// A ``ProjectHandle``'s role type only states what you expect the user to hold; the server is the final judge.
/// When it disagrees, the operation throws this error naming the missing permission: the one the server put in
/// the Feathers error's `data.permission`, or else the one the operation needs.
///
/// ```swift
/// do {
///     _ = try await project.startBuild(patternIDs: [808])
/// } catch let error as ProjectPermissionError {
///     alert("Ask a project owner for \(error.permission)")
/// }
/// ```
public struct ProjectPermissionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The permission the user lacks.
    public var permission: ProjectPermission
    /// The project the operation was on.
    public var projectID: Int
    /// The server's message, for humans.
    public var serviceMessage: String?
    /// The HTTP status, 403.
    public var status: Int

    /// Creates a permission error.
    ///
    /// - Parameters:
    ///   - permission: The missing permission.
    ///   - projectID: The project.
    ///   - serviceMessage: The server's message.
    ///   - status: The HTTP status; 403 unless given.
    public init(permission: ProjectPermission, projectID: Int, serviceMessage: String? = nil, status: Int = 403) {
        self.permission = permission
        self.projectID = projectID
        self.serviceMessage = serviceMessage
        self.status = status
    }

    /// Always `AuthError.Kind.forbidden`, so code that handles `AuthError` kinds can treat both alike.
    public var kind: AuthError.Kind { .forbidden }

    /// The same failure as an `AuthError` of kind `AuthError.Kind.forbidden` whose detail names the permission.
    public var authError: AuthError {
        AuthError(
            .forbidden, status: status, serviceMessage: serviceMessage, service: MetaKraftwerkClient.serviceName,
            detail: "missing permission \(permission.name) in project \(projectID)")
    }

    /// The error with the permission, project and server message.
    public var description: String {
        "ProjectPermissionError(missing \(permission.name) in project \(projectID), HTTP \(status))"
            + (serviceMessage.map { ": \($0)" } ?? "")
    }
}
