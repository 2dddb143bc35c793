import ScopedAuth

/// An error answer of the MASV API (`{"message": "..."}`), thrown by route handlers and turned into a response
/// at the top of ``MASVEmulator/respond(to:context:)``.
struct MASVFailure: Error, Sendable {
    var status: Int
    var message: String

    static func badRequest(_ message: String) -> MASVFailure { MASVFailure(status: 400, message: message) }
    static func unauthorized(_ message: String) -> MASVFailure { MASVFailure(status: 401, message: message) }
    static func forbidden(_ message: String) -> MASVFailure { MASVFailure(status: 403, message: message) }
    static func notFound(_ message: String) -> MASVFailure { MASVFailure(status: 404, message: message) }
    static func conflict(_ message: String) -> MASVFailure { MASVFailure(status: 409, message: message) }

    var response: HTTPResponse { HTTPResponse.json(status: status, ["message": message]) }
}
