import ScopedAuth

extension SpaceliftClient {
    /// Who the token belongs to (`viewer { id name }`).
    ///
    /// ```swift
    /// let me = try await client.viewer()
    /// ```
    ///
    /// - Returns: The viewer.
    /// - Throws: `AuthError.Kind.tokenRejected` when the service treats the caller as anonymous
    ///   (a `null` viewer), and the errors of ``execute(_:variables:operationName:as:)``.
    public func viewer() async throws -> SpaceliftViewer {
        let data = try await execute("query Viewer { viewer { id name } }", as: ViewerData.self)
        guard let viewer = data.viewer else {
            throw AuthError(.tokenRejected, service: SpaceliftService.name, detail: "viewer is null: not logged in")
        }
        return viewer
    }

    /// Every stack the token can see.
    ///
    /// ```swift
    /// for stack in try await client.stacks() { logger.info("\(stack.id) \(stack.state)") }
    /// ```
    ///
    /// - Returns: The stacks, in the service's order.
    /// - Throws: The errors of ``execute(_:variables:operationName:as:)``.
    public func stacks() async throws -> [SpaceliftStackSummary] {
        return try await execute("query Stacks { stacks { \(SpaceliftStackSummary.selection) } }", as: StacksData.self).stacks
    }

    /// One stack by its id.
    ///
    /// ```swift
    /// if let stack = try await client.stack(id: "my-stack-1") { logger.info("\(stack.name)") }
    /// ```
    ///
    /// - Parameter id: The stack's id (its slug).
    /// - Returns: The stack, or `nil` when no stack has that id.
    /// - Throws: The errors of ``execute(_:variables:operationName:as:)``.
    public func stack(id: String) async throws -> SpaceliftStackSummary? {
        return try await execute(
            "query Stack($stackId: ID!) { stack(id: $stackId) { \(SpaceliftStackSummary.selection) } }",
            variables: StackVariables(stackId: id), as: StackData.self
        ).stack
    }

    /// Starts a run on a stack (`runTrigger`).
    ///
    /// ```swift
    /// let run = try await client.runTrigger(stack: "my-stack-1", commitSha: "4f2c9e1", runType: .proposed)
    /// ```
    ///
    /// - Parameters:
    ///   - stack: The stack's id.
    ///   - commitSha: The commit to run; the stack's tracked commit when `nil`.
    ///   - runType: The run type; the service's default (a tracked run) when `nil`.
    /// - Returns: The run that started.
    /// - Throws: ``SpaceliftGraphQLError`` (for example "stack not found") and the errors of
    ///   ``execute(_:variables:operationName:as:)``.
    @discardableResult
    public func runTrigger(
        stack: String,
        commitSha: String? = nil,
        runType: SpaceliftRunType? = nil
    ) async throws -> SpaceliftTriggeredRun {
        let data = try await execute(
            """
            mutation RunTrigger($stack: ID!, $commitSha: String, $runType: RunType) {
              runTrigger(stack: $stack, commitSha: $commitSha, runType: $runType) { id title type }
            }
            """,
            variables: RunTriggerVariables(stack: stack, commitSha: commitSha, runType: runType),
            as: RunTriggerData.self
        )
        guard let run = data.runTrigger else {
            throw AuthError(.malformedResponse, service: SpaceliftService.name, detail: "runTrigger is null")
        }
        return run
    }
}

// The `data` and `variables` shapes of the typed operations (types cannot nest in a generic type's methods).

struct ViewerData: Decodable { var viewer: SpaceliftViewer? }

struct StacksData: Decodable { var stacks: [SpaceliftStackSummary] }

struct StackData: Decodable { var stack: SpaceliftStackSummary? }

private struct StackVariables: Encodable, Sendable { var stackId: String }

struct RunTriggerData: Decodable { var runTrigger: SpaceliftTriggeredRun? }

private struct RunTriggerVariables: Encodable, Sendable {
    var stack: String
    var commitSha: String?
    var runType: SpaceliftRunType?
}
