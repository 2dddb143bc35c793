import Foundation

/// A FeathersJS error as MetaKraftwerk answers it: `{name, message, code, className[, data]}`.
struct FeathersError: Error {
    var code: Int
    var message: String
    var data: [String: String]?

    static func badRequest(_ message: String) -> FeathersError { .init(code: 400, message: message) }
    static func notAuthenticated(_ message: String, data: [String: String]? = nil) -> FeathersError {
        .init(code: 401, message: message, data: data)
    }
    static func forbidden(missing permission: MetaKraftwerkPermission.Kind) -> FeathersError {
        .init(
            code: 403, message: "You do not have the '\(permission.rawValue)' permission on this project",
            data: ["permission": permission.rawValue])
    }
    static func notFound(_ message: String) -> FeathersError { .init(code: 404, message: message) }
    static func methodNotAllowed(_ method: String) -> FeathersError {
        .init(code: 405, message: "Method `\(method)` is not supported by this endpoint.")
    }

    /// Feathers' error class name and its kebab-case `className` for a status.
    var names: (name: String, className: String) {
        switch code {
        case 400: ("BadRequest", "bad-request")
        case 401: ("NotAuthenticated", "not-authenticated")
        case 402: ("PaymentError", "payment-error")
        case 403: ("Forbidden", "forbidden")
        case 404: ("NotFound", "not-found")
        case 405: ("MethodNotAllowed", "method-not-allowed")
        case 406: ("NotAcceptable", "not-acceptable")
        case 408: ("Timeout", "timeout")
        case 409: ("Conflict", "conflict")
        case 411: ("LengthRequired", "length-required")
        case 422: ("Unprocessable", "unprocessable")
        case 429: ("TooManyRequests", "too-many-requests")
        case 501: ("NotImplemented", "not-implemented")
        case 502: ("BadGateway", "bad-gateway")
        case 503: ("Unavailable", "unavailable")
        default: ("GeneralError", "general-error")
        }
    }

    var json: [String: Any] {
        var body: [String: Any] = [
            "name": names.name, "message": message, "code": code, "className": names.className,
        ]
        if let data { body["data"] = data }
        return body
    }
}
