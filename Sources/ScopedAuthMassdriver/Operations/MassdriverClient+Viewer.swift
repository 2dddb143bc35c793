public import ScopedAuth

extension MassdriverClient where Credential.IdentifiesCaller == Granted {
    static var viewerDocument: String {
        """
        query Viewer { viewer { __typename \
        ... on AccountViewer { id email firstName lastName } \
        ... on ServiceAccountViewer { id name description organization { id name } } } }
        """
    }

    /// Who the client's credential belongs to.
    ///
    /// ```swift
    /// if case .serviceAccount(let account) = try await client.viewer() {
    ///     logger.info("\(account.organization.name)")
    /// }
    /// ```
    ///
    /// - Returns: The service account or person behind the credential.
    /// - Throws: `AuthError` of kind `AuthError.Kind.invalidCredentials` when the
    ///   credential is refused, `AuthError.Kind.tokenExpired` for an access token past its
    ///   `expiresAt` (without a request); see ``execute(_:)-(MassdriverQuery<Result>)``.
    public func viewer() async throws -> MassdriverViewer {
        try await execute(MassdriverQuery<MassdriverViewer>(Self.viewerDocument, rootField: "viewer"))
    }
}
