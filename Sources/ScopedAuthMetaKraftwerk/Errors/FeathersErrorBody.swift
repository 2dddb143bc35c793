import Foundation
import ScopedAuth

/// A FeathersJS error body, `{name, message, code, className[, data]}`, read leniently: every field may be
/// missing, and `data` keeps only its string values.
struct FeathersErrorBody: Decodable {
    var name: String?
    var message: String?
    var code: Int?
    var className: String?
    var data: [String: String]

    private enum CodingKeys: String, CodingKey { case name, message, code, className, data }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try? container.decodeIfPresent(String.self, forKey: .name)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        code = try? container.decodeIfPresent(Int.self, forKey: .code)
        className = try? container.decodeIfPresent(String.self, forKey: .className)
        data = (try? container.decodeIfPresent(JSONStringMembers.self, forKey: .data))?.fields ?? [:]
    }

    /// The body of `response`, or `nil` when it is not a Feathers error (HTML from a proxy, say).
    init?(_ response: HTTPResponse) {
        guard !response.body.isEmpty, response.body.count <= HTTPResponse.maximumJSONSize,
            let body = try? JSONDecoder().decode(FeathersErrorBody.self, from: response.body)
        else { return nil }
        self = body
    }
}

/// Where a failed response came from, which decides what a 401 means.
enum FeathersFailureContext {
    /// `POST /authentication` with the local strategy: a 401 means the email or password is wrong.
    case login
    /// An `/api/v1` call that already carried a token (and was replayed once after a 401).
    case api
}

extension HTTPResponse {
    /// The typed error for a failed MetaKraftwerk response.
    ///
    /// The status decides the kind; for a 401 the Feathers message refines it ("jwt expired" is an expired token,
    /// "Invalid login" bad credentials), and the message is carried along for humans.
    func metaKraftwerkError(_ context: FeathersFailureContext) -> AuthError {
        let body = FeathersErrorBody(self)
        let message = body?.message
        var kind = AuthError.kind(forStatus: status) ?? (isSuccess ? .malformedResponse : .transient)
        if status == 401 {
            switch (context, message) {
            case (_, "Invalid login"), (.login, _): kind = .invalidCredentials
            case (.api, "jwt expired"): kind = .tokenExpired
            case (.api, _): kind = .tokenRejected
            }
        }
        let detail = body.flatMap { body in body.name ?? body.className }.map { "Feathers \($0)" }
        return AuthError(
            kind, status: status, serviceMessage: message, service: MetaKraftwerkClient.serviceName,
            retryAfter: status == 429 ? retryAfter(now: nil) : nil, detail: detail)
    }
}
