import ScopedAuth

/// The errors a Spacelift GraphQL operation answered with, other than an authentication failure.
///
/// Spacelift answers most failures with HTTP 200 and an `errors` list. An entry whose message contains
/// "unauthorized" means the token was not accepted and surfaces as `AuthError` of kind
/// `AuthError.Kind.tokenRejected`; every other list becomes this error, carrying each message as the
/// service sent it.
///
/// ```swift
/// do {
///     _ = try await client.runTrigger(stack: "missing-stack")
/// } catch let error as SpaceliftGraphQLError where error.isNotFound {
///     // the stack does not exist
/// }
/// ```
public struct SpaceliftGraphQLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One entry of the response's `errors` list.
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        /// The service's message.
        public var message: String
        /// The response path of the field that failed, such as `["runTrigger"]`; empty when not given.
        public var path: [String]

        /// Creates an entry.
        ///
        /// - Parameters:
        ///   - message: The service's message.
        ///   - path: The response path of the failed field.
        public init(message: String, path: [String] = []) {
            self.message = message
            self.path = path
        }

        /// `path: message`, or the message alone.
        public var description: String {
            path.isEmpty ? message : path.joined(separator: ".") + ": " + message
        }
    }

    /// The entries, in the order the service sent them.
    public var errors: [Entry]

    /// Creates an error from the response's entries.
    ///
    /// - Parameter errors: The entries of the `errors` list.
    public init(errors: [Entry]) {
        self.errors = errors
    }

    /// Every entry's message.
    public var messages: [String] { errors.map(\.message) }

    /// Whether a message says that something was not found, which the Terraform provider treats as an empty
    /// result.
    public var isNotFound: Bool {
        messages.contains { $0.lowercased().contains("not found") }
    }

    /// `SpaceliftGraphQLError: <message>; <message>`.
    public var description: String {
        "SpaceliftGraphQLError: " + errors.map(\.description).joined(separator: "; ")
    }
}

extension SpaceliftGraphQLError.Entry {
    /// An entry of the shared GraphQL envelope; a missing message is empty.
    init(_ entry: GraphQLErrorEntry) {
        self.init(message: entry.message ?? "", path: entry.path)
    }
}
