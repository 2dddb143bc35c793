public import ScopedAuth

/// The fuzzing seam of the Massdriver client: every function that turns a Massdriver answer into a value or an
/// error, callable on a bare ``HTTPResponse`` without a client, a network or a task.
///
/// Not API: it exists for the libFuzzer targets in `Fuzz/` (`@_spi(Fuzzing) import ScopedAuthMassdriver`). Each
/// case runs the exact functions the client runs on that answer, so a finding here is a finding in the client.
@_spi(Fuzzing) public enum MassdriverResponseDecoding {
    /// One kind of answer the client reads.
    public enum Answer: CaseIterable, Sendable {
        /// `viewer`: an account or a service account, told apart by `__typename`.
        case viewer
        /// `server { appUrl mode version }`, read without a credential.
        case server
        /// One page of `projects`: items and cursors.
        case projectsPage
        /// One page of `environments`: items and cursors.
        case environmentsPage
        /// The `createProject` mutation payload: result, or validation messages.
        case createProject
    }

    /// Reads `response` as the client reads `answer`.
    ///
    /// - Parameters:
    ///   - answer: Which answer `response` stands for.
    ///   - response: The status, headers and body to read.
    /// - Returns: What the client would get, for the caller to inspect.
    /// - Throws: Whatever the client throws for this answer; the fuzz targets require an ``AuthError``, a
    ///   ``MassdriverGraphQLError`` or a ``MassdriverValidationError``.
    public static func decode(_ answer: Answer, _ response: HTTPResponse) throws -> any Sendable {
        let reader = GraphQLResponseReader(response: response)
        switch answer {
        case .viewer:
            return try reader.value(of: "viewer", as: MassdriverViewer.self)
        case .server:
            return try reader.value(of: "server", as: MassdriverServer.self)
        case .projectsPage:
            return try reader.value(of: "projects", as: PageBody<MassdriverProjectSummary>.self).page.items
        case .environmentsPage:
            return try reader.value(of: "environments", as: PageBody<MassdriverEnvironmentSummary>.self).page.items
        case .createProject:
            return try reader.value(of: "createProject", as: MutationPayload<MassdriverProjectSummary>.self)
                .result(of: "createProject")
        }
    }
}
