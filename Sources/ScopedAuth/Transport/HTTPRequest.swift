public import Foundation

/// An HTTP method.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method's token, such as `GET`.
    public var rawValue: String
    /// Creates a method from its token.
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }
    /// `GET`
    public static let get = HTTPMethod(rawValue: "GET")
    /// `POST`
    public static let post = HTTPMethod(rawValue: "POST")
    /// `PUT`
    public static let put = HTTPMethod(rawValue: "PUT")
    /// `PATCH`
    public static let patch = HTTPMethod(rawValue: "PATCH")
    /// `DELETE`
    public static let delete = HTTPMethod(rawValue: "DELETE")
    /// `HEAD`
    public static let head = HTTPMethod(rawValue: "HEAD")
    /// The method's token.
    public var description: String { rawValue }
}

/// An HTTP request as a value: method, URL, headers and an optional body held in memory.
///
/// Requests print without credentials: sensitive headers are redacted and the query string is hidden,
/// because presigned URLs carry signatures there.
public struct HTTPRequest: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The method.
    public var method: HTTPMethod
    /// The absolute URL.
    public var url: URL
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: Data?
    /// Whether the request may be sent again after a failure (for a 401 replay or a transient retry).
    ///
    /// Set it to `false` for operations that must not run twice, such as a single-use credential.
    public var isReplayable: Bool
    /// The origin that a credential carried by the request itself (not in a removable header) is bound to, such as
    /// the password in a sign-in body; `nil` when the request carries no such credential.
    ///
    /// Every request a credential exchange sends has it (``HTTPClient/exchange(transport:origin:clock:retryPolicy:service:)``
    /// sets it). Such a request is sent only over HTTPS (or plain HTTP to a loopback address), only to this origin,
    /// and a redirect anywhere else is not followed: ``RedirectMiddleware`` throws
    /// ``AuthError/Kind/credentialRedirect`` naming the target's origin.
    public var credentialOrigin: HTTPOrigin?

    /// Creates a request.
    public init(
        method: HTTPMethod,
        url: URL,
        headers: HTTPHeaders = HTTPHeaders(),
        body: Data? = nil,
        isReplayable: Bool = true,
        credentialOrigin: HTTPOrigin? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.isReplayable = isReplayable
        self.credentialOrigin = credentialOrigin
    }

    /// Whether the request carries a credential: a sensitive header, or a credential bound to
    /// ``credentialOrigin`` (a secret in its body). Every transport rule applies to such a request.
    public var isCredentialBearing: Bool { credentialOrigin != nil || headers.containsSensitive }

    /// The request's origin (scheme, host and port), used to decide where credentials may go.
    public var origin: HTTPOrigin? { HTTPOrigin(url) }

    /// `METHOD scheme://host/path` with headers redacted; the query string is never printed.
    public var description: String {
        "\(method) \(url.redactedForDisplay) \(headers)" + (body.map { " body: \($0.count) bytes" } ?? "")
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror of the redacted description, so `dump` reveals no credential.
    public var customMirror: Mirror { Mirror(self, children: ["request": description], displayStyle: .struct) }
}

/// An HTTP response as a value: status, headers and the whole body.
public struct HTTPResponse: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The status code.
    public var status: Int
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is in the 2xx range.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// `HTTP status` with redacted headers and the body's size (bodies may contain tokens).
    public var description: String { "HTTP \(status) \(headers) body: \(body.count) bytes" }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror of the redacted description.
    public var customMirror: Mirror { Mirror(self, children: ["response": description], displayStyle: .struct) }
}

/// The scheme, host and port of a URL: the unit that credentials are scoped to.
public struct HTTPOrigin: Hashable, Sendable, CustomStringConvertible {
    /// `http` or `https`, lowercased.
    public var scheme: String
    /// The host, lowercased.
    public var host: String
    /// The port, with the scheme's default filled in.
    public var port: Int

    /// The origin of `url`, or `nil` when it has no scheme or host.
    public init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else {
            return nil
        }
        self.scheme = scheme
        self.host = host
        self.port = url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)
    }

    /// Whether `url` belongs to this origin, decided without building an ``HTTPOrigin`` (no lowercased copies).
    public func contains(_ url: URL) -> Bool {
        guard let urlScheme = url.scheme, urlScheme.caseInsensitiveEquals(scheme),
            let urlHost = url.host, urlHost.caseInsensitiveEquals(host)
        else { return false }
        return (url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)) == port
    }

    /// Whether the host is a loopback address, where plain HTTP is allowed.
    ///
    /// The host is parsed, never matched by prefix: exactly `localhost`, an IPv4 literal in `127.0.0.0/8`, the IPv6
    /// literal `::1`, or an IPv4-mapped IPv6 literal whose IPv4 address is in `127.0.0.0/8`. `127.attacker.example`,
    /// `localhost.evil`, `api.localhost` and `[::ffff:8.8.8.8]` are not loopback.
    public var isLoopback: Bool { LoopbackHost.isLoopback(host) }

    /// Whether credentials may travel to this origin: HTTPS anywhere, plain HTTP only on loopback.
    public var isSecureForCredentials: Bool { scheme == "https" || (scheme == "http" && isLoopback) }

    /// `scheme://host:port`.
    public var description: String { "\(scheme)://\(host):\(port)" }
}

extension URL {
    /// The URL without query or fragment, for messages: presigned URLs carry signatures in the query.
    package var redactedForDisplay: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return "<url>" }
        let hadQuery = components.query != nil
        components.query = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        return (components.string ?? "<url>") + (hadQuery ? "?<redacted>" : "")
    }
}
