/// A request Mudstack refuses: the status and the message of its `{"error", "message"}` body.
struct MudstackRejection: Error {
    var status: Int
    var message: String

    static func badRequest(_ message: String) -> MudstackRejection { .init(status: 400, message: message) }
    static func unauthorized(_ message: String) -> MudstackRejection { .init(status: 401, message: message) }
    static func forbidden(_ message: String) -> MudstackRejection { .init(status: 403, message: message) }
    static func notFound(_ message: String) -> MudstackRejection { .init(status: 404, message: message) }

    /// The `error` field for a status: its HTTP reason phrase.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: status < 500 ? "Bad Request" : "Internal Server Error"
        }
    }
}
