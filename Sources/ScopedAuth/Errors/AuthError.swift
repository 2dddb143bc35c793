/// The typed error that every ScopedAuth operation throws for authentication, transport and protocol failures.
///
/// Switch on ``kind`` to decide what to do; ``status``, ``serviceMessage`` and ``retryAfter`` carry what the
/// service said. An `AuthError` never contains a credential or token: messages from services are carried as
/// they were received, and everything the SDK adds is redacted.
///
/// ```swift
/// do {
///     let token = try await session.token()
/// } catch let error as AuthError where error.kind == .invalidCredentials {
///     // ask the user for new credentials
/// }
/// ```
public struct AuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in categories that decide how a caller reacts.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        package enum Code: String, Hashable, Sendable {
            case invalidCredentials
            case tokenRejected
            case tokenExpired
            case forbidden
            case notFound
            case rateLimited
            case transient
            case serverError
            case malformedResponse
            case circuitOpen
            case insecureTransport
            case timeout
            case shutdown
            case invalidRequest
            case conflict
            case credentialRedirect
            case foreignRejection
        }

        package let code: Code

        package init(_ code: Code) { self.code = code }

        /// The credentials were refused by the service (wrong, revoked, expired or deactivated).
        public static let invalidCredentials = Kind(.invalidCredentials)
        /// The service did not accept a token even after one refresh and replay.
        public static let tokenRejected = Kind(.tokenRejected)
        /// A token is past its expiry and cannot be renewed by the SDK (a static token).
        public static let tokenExpired = Kind(.tokenExpired)
        /// The credentials are valid but lack the permission for this operation.
        public static let forbidden = Kind(.forbidden)
        /// The resource does not exist (or is not visible to these credentials).
        public static let notFound = Kind(.notFound)
        /// The service asked the client to slow down (HTTP 429); see ``AuthError/retryAfter``.
        public static let rateLimited = Kind(.rateLimited)
        /// A network failure or dropped connection that may succeed when tried again.
        public static let transient = Kind(.transient)
        /// The service failed (HTTP 5xx).
        public static let serverError = Kind(.serverError)
        /// The response could not be understood: truncated or malformed JSON, a token that cannot be read,
        /// a missing field or header, or a body larger than the limit.
        public static let malformedResponse = Kind(.malformedResponse)
        /// Too many refreshes happened in a short window; the session fails fast until the circuit closes.
        public static let circuitOpen = Kind(.circuitOpen)
        /// A credential would have been sent over plain HTTP to a non-loopback host, or to another origin.
        public static let insecureTransport = Kind(.insecureTransport)
        /// A deadline or timeout elapsed.
        public static let timeout = Kind(.timeout)
        /// The session was shut down.
        public static let shutdown = Kind(.shutdown)
        /// The request was refused as malformed (HTTP 400) or could not be built.
        public static let invalidRequest = Kind(.invalidRequest)
        /// The request conflicts with the resource's state (HTTP 409), such as a package already finalized.
        public static let conflict = Kind(.conflict)
        /// A redirect would have taken a request's credential to another origin (or from HTTPS to plain HTTP), and
        /// was not followed; ``AuthError/origin`` names the redirect target's origin. Nothing was sent there.
        public static let credentialRedirect = Kind(.credentialRedirect)
        /// A redirect target on another origin (such as a CDN) answered 401 or 403. It says nothing about the
        /// session's token, so it never causes a refresh; ``AuthError/origin`` names the origin that answered.
        public static let foreignRejection = Kind(.foreignRejection)

        /// Whether trying again later may succeed: transient, rate limited, server error, timeout and
        /// malformed responses (which are often truncated bodies).
        public var isTransient: Bool {
            switch code {
            case .transient, .rateLimited, .serverError, .timeout, .malformedResponse: true
            default: false
            }
        }

        /// The kind's name, such as `invalidCredentials`.
        public var description: String { code.rawValue }
    }

    /// The category of the failure.
    public var kind: Kind
    /// The HTTP status code of the response that caused the error, when there was one.
    public var status: Int?
    /// The service's own message (from its error body), when it gave one.
    public var serviceMessage: String?
    /// The service that answered, such as `"MASV"`, when known.
    public var service: String?
    /// How long the service asked the client to wait before trying again.
    public var retryAfter: Duration?
    /// A short explanation written by ScopedAuth; it never contains a secret.
    public var detail: String?
    /// The origin (`scheme://host:port`) the error is about when it is not the service's own: the target of a
    /// refused redirect, or the other origin that answered 401 or 403. It never carries a path, query or user.
    public var origin: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The category of the failure.
    ///   - status: The HTTP status, when a response caused it.
    ///   - serviceMessage: The service's own message.
    ///   - service: The service's name.
    ///   - retryAfter: How long the service asked the client to wait.
    ///   - detail: A short explanation that contains no secret.
    public init(
        _ kind: Kind,
        status: Int? = nil,
        serviceMessage: String? = nil,
        service: String? = nil,
        retryAfter: Duration? = nil,
        detail: String? = nil
    ) {
        self.kind = kind
        self.status = status
        self.serviceMessage = serviceMessage.map(Self.bounded)
        self.service = service
        self.retryAfter = retryAfter
        self.detail = detail
    }

    /// A one-line summary such as `AuthError.invalidCredentials (MASV, HTTP 401): Invalid login`.
    public var description: String {
        var text = "AuthError.\(kind)"
        var context: [String] = []
        if let service { context.append(service) }
        if let status { context.append("HTTP \(status)") }
        if let origin { context.append("at \(origin)") }
        if !context.isEmpty { text += " (\(context.joined(separator: ", ")))" }
        if let serviceMessage { text += ": \(serviceMessage)" }
        if let detail { text += serviceMessage == nil ? ": \(detail)" : " [\(detail)]" }
        if let retryAfter { text += " retry after \(retryAfter.seconds)s" }
        return text
    }

    /// The category that an HTTP status code implies, or `nil` for a success or an unclassified status.
    ///
    /// 400 → invalid request, 401 → invalid credentials, 403 → forbidden, 404 → not found, 409 → conflict,
    /// 408 → timeout, 429 → rate limited, 5xx → server error.
    public static func kind(forStatus status: Int) -> Kind? {
        switch status {
        case 400, 422: .invalidRequest
        case 401: .invalidCredentials
        case 403: .forbidden
        case 404: .notFound
        case 408: .timeout
        case 409: .conflict
        case 429: .rateLimited
        case 500...599: .serverError
        default: nil
        }
    }

    /// Keeps service messages to a readable size: a hostile or broken service could send megabytes.
    private static func bounded(_ message: String) -> String {
        message.count <= 512 ? message : String(message.prefix(512)) + "…"
    }
}
