/// The server did not report the user's permissions in a project, so a role-typed handle could not be checked.
///
/// ``MetaKraftwerkClient/project(named:as:)`` and ``MetaKraftwerkClient/project(id:as:)`` hand out a handle only
/// after comparing its role with the `permissions` the server lists for the project (SERVICES.md section 7). A
/// server that omits the field gives them nothing to compare, and they throw this error rather than assume.
/// Where you know the server never reports permissions, ``MetaKraftwerkClient/uncheckedProject(id:as:)`` gives
/// a handle without the check.
///
/// ```swift
/// do {
///     project = try await client.project(id: 402, as: BuilderRole.self)
/// } catch is ProjectPermissionsNotReportedError {
///     project = try await client.uncheckedProject(id: 402, as: BuilderRole.self)
/// }
/// ```
public struct ProjectPermissionsNotReportedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The project.
    public var projectID: Int
    /// The role type that was asked for.
    public var role: String

    /// Creates the error.
    ///
    /// - Parameters:
    ///   - projectID: The project.
    ///   - role: The role type's name.
    public init(projectID: Int, role: String) {
        self.projectID = projectID
        self.role = role
    }

    /// The project and role, and what to do.
    public var description: String {
        "ProjectPermissionsNotReportedError(project \(projectID) lists no permissions, so \(role) cannot be "
            + "checked; uncheckedProject(id:as:) skips the check)"
    }
}
