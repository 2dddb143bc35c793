public import ScopedAuth

extension MassdriverClient where Credential.IdentifiesCaller == Granted {
    private struct EnvironmentsVariables: Encodable, Sendable {
        struct Filter: Encodable, Sendable {
            struct Equals: Encodable, Sendable {
                var eq: String
            }

            var projectId: Equals
        }

        var organizationId: String
        var filter: Filter?
        var cursor: PageCursor
    }

    /// The organization's environments, optionally of one project, fetched lazily page by page.
    ///
    /// ```swift
    /// for try await environment in client.environments(organizationID: "acme", projectID: "api") {
    ///     logger.info("\(environment.id)")
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - organizationID: The organization, such as `acme`.
    ///   - projectID: Only this project's environments (`filter: {projectId: {eq: …}}`); all when `nil`.
    ///   - pageSize: Environments per request, 1 to 100 (the API's default is 20).
    /// - Returns: A sequence that requests the first page on its first `next()`.
    ///   Iteration throws as ``execute(_:)-(MassdriverQuery<Result>)`` does, and
    ///   `AuthError.Kind.invalidRequest` without a request for a page size out of range.
    public func environments(
        organizationID: String,
        projectID: String? = nil,
        pageSize: Int = 20
    ) -> MassdriverPages<MassdriverEnvironmentSummary> {
        MassdriverPages { cursor in
            try PageCursor.validate(pageSize: pageSize)
            let query = MassdriverQuery<PageBody<MassdriverEnvironmentSummary>>(
                """
                query Environments($organizationId: ID!, $filter: EnvironmentsFilter, $cursor: Cursor) { \
                environments(organizationId: $organizationId, filter: $filter, cursor: $cursor) { \
                items { id name project { id } } cursor { next previous } } }
                """,
                variables: EnvironmentsVariables(
                    organizationId: organizationID,
                    filter: projectID.map { .init(projectId: .init(eq: $0)) },
                    cursor: PageCursor(limit: pageSize, next: cursor)),
                rootField: "environments"
            )
            return try await execute(query).page
        }
    }
}
