public import ScopedAuth

extension MassdriverClient where Credential.IdentifiesCaller == Granted {
    /// Sends `query` with the client's credential and returns the value of its root field.
    ///
    /// ```swift
    /// let viewer = try await client.execute(MassdriverQuery<MyViewer>("{ viewer { __typename } }", rootField: "viewer"))
    /// ```
    ///
    /// - Parameter query: The query.
    /// - Returns: The decoded `data.<rootField>`.
    /// - Throws: `AuthError`: `AuthError.Kind.invalidCredentials` (`UNAUTHENTICATED`),
    ///   `AuthError.Kind.forbidden` (`FORBIDDEN`, `PERMISSION_DENIED`),
    ///   `AuthError.Kind.notFound` (`NOT_FOUND`), `AuthError.Kind.tokenExpired` (an
    ///   access token past its `expiresAt`, before any request), or the kind an HTTP status or an unreadable
    ///   body implies; ``MassdriverGraphQLError`` for any other GraphQL error code.
    public func execute<Result>(_ query: MassdriverQuery<Result>) async throws -> Result {
        try await run(query.document, variables: query.variables, rootField: query.rootField, as: Result.self,
                      authenticated: true)
    }

    /// Sends `mutation` with the client's credential and returns its `result`.
    ///
    /// ```swift
    /// let project = try await client.execute(createProjectMutation)
    /// ```
    ///
    /// - Parameter mutation: The mutation.
    /// - Returns: The payload's `result` when `successful` is `true`.
    /// - Throws: ``MassdriverValidationError`` when the payload says `successful: false`; otherwise as
    ///   ``execute(_:)-(MassdriverQuery<Result>)``.
    public func execute<Result>(_ mutation: MassdriverMutation<Result>) async throws -> Result {
        try await run(
            mutation.document, variables: mutation.variables, rootField: mutation.rootField,
            as: MutationPayload<Result>.self, authenticated: true
        ).result(of: mutation.rootField)
    }
}
