import ScopedAuth

/// Massdriver's mutation answer: `{successful, result, messages}`.
struct MutationPayload<Result: Decodable>: Decodable {
    var successful: Bool
    var result: Result?
    var messages: [MassdriverValidationError.Message]?

    /// The `result` of a successful payload.
    ///
    /// - Throws: ``MassdriverValidationError`` when `successful` is `false`; `AuthError.Kind.malformedResponse`
    ///   when a successful payload has no result.
    func result(of operation: String) throws -> Result {
        guard successful else {
            throw MassdriverValidationError(operation: operation, messages: messages ?? [])
        }
        guard let result else {
            throw AuthError(.malformedResponse, service: MassdriverClientService.name,
                            detail: "\(operation) was successful but has no result")
        }
        return result
    }
}
