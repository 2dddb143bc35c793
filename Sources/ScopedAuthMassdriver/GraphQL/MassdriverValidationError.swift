/// A mutation that answered `successful: false`: the service refused the input and said why, per field.
///
/// Massdriver reports validation failures as data, not as GraphQL errors:
/// `{"createProject": {"successful": false, "result": null, "messages": [{"field", "message", "code"}]}}`.
///
/// ```swift
/// do {
///     _ = try await client.createProject(organizationID: "acme", name: "")
/// } catch let error as MassdriverValidationError {
///     for message in error.messages { show(message.field, message.message) }
/// }
/// ```
public struct MassdriverValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One validation message.
    public struct Message: Sendable, Hashable, Decodable, CustomStringConvertible {
        /// The input field it concerns, such as `name`, if any.
        public var field: String?
        /// The service's message, such as `can't be blank`.
        public var message: String
        /// The machine-readable code, such as `required`, if any.
        public var code: String?

        /// Creates a message.
        ///
        /// - Parameters:
        ///   - field: The input field.
        ///   - message: The text.
        ///   - code: The code.
        public init(field: String?, message: String, code: String?) {
            self.field = field
            self.message = message
            self.code = code
        }

        /// `field: message (code)`.
        public var description: String {
            (field.map { "\($0): " } ?? "") + message + (code.map { " (\($0))" } ?? "")
        }
    }

    /// The mutation's root field, such as `createProject`.
    public var operation: String
    /// The messages, in the order the service gave them.
    public var messages: [Message]

    /// Creates a validation error.
    ///
    /// - Parameters:
    ///   - operation: The mutation's root field.
    ///   - messages: The service's messages.
    public init(operation: String, messages: [Message]) {
        self.operation = operation
        self.messages = messages
    }

    /// `MassdriverValidationError(createProject: name: can't be blank (required))`.
    public var description: String {
        "MassdriverValidationError(\(operation): " + messages.map(\.description).joined(separator: "; ") + ")"
    }
}
