extension ProjectRole {
    /// Checks that the user holds every permission this role grants in `project`, as the server reported them.
    ///
    /// - Throws: ``ProjectPermissionsNotReportedError`` when the server listed no permissions;
    ///   ``ProjectPermissionError`` naming every missing permission otherwise.
    static func check(against project: ProjectSummary) throws {
        let role = String(describing: Self.self)
        guard let held = project.permissions else {
            throw ProjectPermissionsNotReportedError(projectID: project.id, role: role)
        }
        let missing = grantedPermissions.filter { !held.contains($0) }
        guard missing.isEmpty else {
            throw ProjectPermissionError(missing: missing, projectID: project.id, role: role)
        }
    }
}
