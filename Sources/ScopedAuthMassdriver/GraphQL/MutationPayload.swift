/// Massdriver's mutation answer: `{successful, result, messages}`.
struct MutationPayload<Result: Decodable>: Decodable {
    var successful: Bool
    var result: Result?
    var messages: [MassdriverValidationError.Message]?
}
