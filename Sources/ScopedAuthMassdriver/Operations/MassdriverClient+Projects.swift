public import ScopedAuth

extension MassdriverClient where Credential.IdentifiesCaller == Granted {
    private struct ProjectsVariables: Encodable, Sendable {
        var organizationId: String
        var cursor: PageCursor
    }

    private struct CreateProjectVariables: Encodable, Sendable {
        struct Input: Encodable, Sendable {
            var name: String
            var description: String?
        }

        var organizationId: String
        var input: Input
    }

    /// The organization's projects, fetched lazily page by page as the sequence is iterated.
    ///
    /// ```swift
    /// for try await project in client.projects(organizationID: "acme") {
    ///     logger.info("\(project.id) \(project.name)")
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - organizationID: The organization, such as `acme`.
    ///   - pageSize: Projects per request, 1 to 100 (the API's default is 20).
    /// - Returns: A sequence that requests the first page on its first `next()`.
    ///   Iteration throws as ``execute(_:)-(MassdriverQuery<Result>)`` does, and
    ///   `AuthError.Kind.invalidRequest` without a request for a page size out of range.
    public func projects(organizationID: String, pageSize: Int = 20) -> MassdriverPages<MassdriverProjectSummary> {
        MassdriverPages { cursor in
            try PageCursor.validate(pageSize: pageSize)
            let query = MassdriverQuery<PageBody<MassdriverProjectSummary>>(
                """
                query Projects($organizationId: ID!, $cursor: Cursor) { \
                projects(organizationId: $organizationId, cursor: $cursor) { \
                items { id name description } cursor { next previous } } }
                """,
                variables: ProjectsVariables(
                    organizationId: organizationID, cursor: PageCursor(limit: pageSize, next: cursor)),
                rootField: "projects"
            )
            return try await execute(query).page
        }
    }

    /// Creates a project in the organization.
    ///
    /// ```swift
    /// let project = try await client.createProject(organizationID: "acme", name: "API")
    /// ```
    ///
    /// - Parameters:
    ///   - organizationID: The organization.
    ///   - name: The project's name; its identifier is derived from it by the service.
    ///   - description: An optional description.
    /// - Returns: The new project.
    /// - Throws: ``MassdriverValidationError`` when the service refuses the input (`successful: false`), such as a
    ///   blank or taken name; otherwise as ``execute(_:)-(MassdriverMutation<Result>)``.
    public func createProject(
        organizationID: String,
        name: String,
        description: String? = nil
    ) async throws -> MassdriverProjectSummary {
        try await execute(
            MassdriverMutation<MassdriverProjectSummary>(
                """
                mutation CreateProject($organizationId: ID!, $input: CreateProjectInput!) { \
                createProject(organizationId: $organizationId, input: $input) { \
                successful result { id name description } messages { field message code } } }
                """,
                variables: CreateProjectVariables(
                    organizationId: organizationID, input: .init(name: name, description: description)),
                rootField: "createProject"
            ))
    }
}
