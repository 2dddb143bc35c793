public import ScopedAuth

/// Instances: listing needs ``ProjectRole/ReadsInstances``.
extension ProjectHandle where Role.ReadsInstances == Granted {
    /// Lists the project's instances, optionally of one pattern or with one name.
    ///
    /// ```swift
    /// let customers = try await project.instances(patternID: 808, named: "CUSTOMER")
    /// ```
    /// - Parameters:
    ///   - patternID: Only instances of this pattern.
    ///   - name: Only instances with this name.
    /// - Returns: The instances.
    /// - Throws: ``ProjectPermissionError`` when the server finds `read_instances` missing, `AuthError`
    ///   for other failures.
    public func instances(patternID: Int? = nil, named name: String? = nil) async throws -> [ProjectInstance] {
        var query = [("project_id", String(id))]
        if let patternID { query.append(("pattern_id", String(patternID))) }
        if let name { query.append(("name", name)) }
        return try await api.get(
            [ProjectInstance].self, ["instances"], query: query, permission: .readInstances, projectID: id)
    }
}

/// Instances: uploading needs ``ProjectRole/WritesInstances``.
extension ProjectHandle where Role.WritesInstances == Granted {
    /// Creates or updates instances of one pattern (`POST /api/v1/instances`); an existing instance of the same
    /// name gets a new version.
    ///
    /// ```swift
    /// let saved = try await project.uploadInstances(
    ///     [InstanceUpload(name: "CUSTOMER", rows: [["column": "ID", "type": "NUMBER"]])], patternID: 808)
    /// ```
    /// - Parameters:
    ///   - instances: The instances to save; at least one.
    ///   - patternID: The pattern they instantiate.
    /// - Returns: The saved instances with their versions.
    /// - Throws: ``ProjectPermissionError`` when the server finds `write_instances` missing,
    ///   `AuthError` for other failures (`invalidRequest` for an empty list or a foreign pattern).
    public func uploadInstances(_ instances: [InstanceUpload], patternID: Int) async throws -> [ProjectInstance] {
        return try await api.post(
            [ProjectInstance].self, ["instances"],
            json: InstanceUploadBody(projectID: id, patternID: patternID, instances: instances),
            permission: .writeInstances, projectID: id)
    }
}
