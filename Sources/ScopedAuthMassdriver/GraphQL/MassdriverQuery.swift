/// A GraphQL query (or mutation whose answer is not a `{successful, result, messages}` payload) and the root
/// field whose value it returns.
///
/// Use it for operations this module has no typed method for; ``MassdriverClient/execute(_:)-(MassdriverQuery<Result>)``
/// sends it with the client's credential and maps errors as the typed operations do.
///
/// ```swift
/// struct Instance: Decodable, Sendable { var id: String; var name: String }
/// let query = MassdriverQuery<Instance>(
///     "query($org: ID!, $id: ID!) { instance(organizationId: $org, id: $id) { id name } }",
///     variables: ["org": "acme", "id": "api-prod-db"],
///     rootField: "instance"
/// )
/// let instance = try await client.execute(query)
/// ```
public struct MassdriverQuery<Result: Decodable & Sendable>: Sendable {
    /// The GraphQL document.
    public var document: String
    /// The variables, encoded as the request's `variables` object; `nil` for none.
    public var variables: (any Encodable & Sendable)?
    /// The response key (the alias, or the field's name) whose value decodes into `Result`.
    public var rootField: String

    /// Creates a query.
    ///
    /// - Parameters:
    ///   - document: The GraphQL document.
    ///   - variables: The variables, or `nil`.
    ///   - rootField: The response key whose value is returned.
    public init(_ document: String, variables: (any Encodable & Sendable)? = nil, rootField: String) {
        self.document = document
        self.variables = variables
        self.rootField = rootField
    }
}

/// A GraphQL mutation that answers Massdriver's payload `{successful, result, messages}`.
///
/// ``MassdriverClient/execute(_:)-(MassdriverMutation<Result>)`` returns `result` when `successful` is `true`
/// and throws ``MassdriverValidationError`` with the `messages` when it is `false`.
///
/// ```swift
/// let mutation = MassdriverMutation<Project>(
///     "mutation($org: ID!, $input: ProjectInput!) { createProject(organizationId: $org, input: $input) "
///         + "{ successful result { id name } messages { field message code } } }",
///     variables: Variables(org: "acme", input: .init(name: "API")),
///     rootField: "createProject"
/// )
/// ```
public struct MassdriverMutation<Result: Decodable & Sendable>: Sendable {
    /// The GraphQL document.
    public var document: String
    /// The variables, encoded as the request's `variables` object; `nil` for none.
    public var variables: (any Encodable & Sendable)?
    /// The response key whose value is the `{successful, result, messages}` payload.
    public var rootField: String

    /// Creates a mutation.
    ///
    /// - Parameters:
    ///   - document: The GraphQL document; select `successful`, `result { … }` and
    ///     `messages { field message code }`.
    ///   - variables: The variables, or `nil`.
    ///   - rootField: The response key of the payload.
    public init(_ document: String, variables: (any Encodable & Sendable)? = nil, rootField: String) {
        self.document = document
        self.variables = variables
        self.rootField = rootField
    }
}
