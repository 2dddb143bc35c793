extension MassdriverClient {
    static var serverDocument: String { "query Server { server { appUrl mode version } }" }

    /// The instance's version and mode, asked without credentials (`server` needs no authentication).
    ///
    /// Available on every client, including one made with ``MassdriverNoCredential``; no credential header is
    /// sent even when the client has one.
    ///
    /// ```swift
    /// let server = try await MassdriverClient(credential: MassdriverNoCredential()).server()
    /// logger.info("\(server.version)")
    /// ```
    ///
    /// - Returns: The server's description.
    /// - Throws: `AuthError` for HTTP failures and unreadable bodies; ``MassdriverGraphQLError`` for
    ///   a GraphQL error.
    public func server() async throws -> MassdriverServer {
        try await run(Self.serverDocument, variables: nil, rootField: "server", as: MassdriverServer.self,
                      authenticated: false)
    }
}
