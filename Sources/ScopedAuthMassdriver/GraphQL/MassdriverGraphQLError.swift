/// GraphQL errors whose code is not one of the authentication, permission or not-found codes, with their text.
///
/// `UNAUTHENTICATED`, `FORBIDDEN`, `PERMISSION_DENIED` and `NOT_FOUND` become a `AuthError`
/// instead (`AuthError.Kind.invalidCredentials`, `AuthError.Kind.forbidden`,
/// `AuthError.Kind.notFound`); every other error reaches the caller as this type, with the
/// service's code and message kept as they came. The code is read from `code` (the v1 shape) or
/// `extensions.code` (the v2 shape).
///
/// ```swift
/// do {
///     _ = try await client.execute(query)
/// } catch let error as MassdriverGraphQLError {
///     log(error.code, error.message)
/// }
/// ```
public struct MassdriverGraphQLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One entry of the response's `errors` array.
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        /// The error's code, from `code` or `extensions.code`, if any.
        public var code: String?
        /// The service's message.
        public var message: String
        /// The response path of the failed field, such as `["projects"]`.
        public var path: [String]

        /// Creates an entry.
        ///
        /// - Parameters:
        ///   - code: The error's code.
        ///   - message: The service's message.
        ///   - path: The failed field's response path.
        public init(code: String?, message: String, path: [String] = []) {
            self.code = code
            self.message = message
            self.path = path
        }

        /// `CODE at a.b: message`.
        public var description: String {
            (code ?? "ERROR") + (path.isEmpty ? "" : " at \(path.joined(separator: "."))") + ": " + message
        }
    }

    /// Every error the response carried, in order (at least one).
    public var entries: [Entry]

    /// Creates an error from the response's entries.
    ///
    /// - Parameter entries: The errors, in the order the service gave them.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The first error's code.
    public var code: String? { entries.first?.code }
    /// The first error's message.
    public var message: String { entries.first?.message ?? "" }

    /// `MassdriverGraphQLError(CODE at path: message; …)`.
    public var description: String {
        "MassdriverGraphQLError(" + entries.map(\.description).joined(separator: "; ") + ")"
    }
}
