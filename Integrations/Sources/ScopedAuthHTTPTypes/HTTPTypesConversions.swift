public import Foundation
public import HTTPTypes
public import ScopedAuth

// Conversions between ScopedAuth's request values and apple/swift-http-types.
//
// Both modules declare `HTTPRequest`, `HTTPResponse` and `HTTPMethod`; a file importing both writes
// `HTTPTypes.HTTPRequest` for swift-http-types and the unambiguous `AuthHTTPRequest` (a ScopedAuth typealias) for
// ScopedAuth's. A credential header is carried across as `indexingStrategy = .disallow`, the HTTP/2 and HTTP/3 way
// of saying "never put this value in a compression table", and read back as sensitive.

extension HTTPFields {
    /// The fields of `headers`, in order; credential headers get `indexingStrategy = .disallow`.
    ///
    /// Returns `nil` when a field name is not a valid HTTP token.
    public init?(_ headers: ScopedAuth.HTTPHeaders) {
        self.init()
        for field in headers {
            guard let name = HTTPField.Name(field.name) else { return nil }
            var converted = HTTPField(name: name, value: field.value)
            if field.isSensitive { converted.indexingStrategy = .disallow }
            append(converted)
        }
    }
}

extension ScopedAuth.HTTPHeaders {
    /// The fields of `fields`, in order; a field with `indexingStrategy = .disallow` (or a well-known credential
    /// header) is sensitive and prints redacted.
    public init(_ fields: HTTPFields) {
        self.init()
        for field in fields {
            add(name: field.name.rawName, value: field.value, isSensitive: field.indexingStrategy == .disallow)
        }
    }
}

extension HTTPTypes.HTTPRequest {
    /// The head of `request` (method, URL and headers; the body is the caller's).
    ///
    /// Returns `nil` for a method or header name that is not a valid HTTP token.
    public init?(_ request: ScopedAuth.HTTPRequest) {
        guard let method = HTTPTypes.HTTPRequest.Method(request.method.rawValue),
            let fields = HTTPFields(request.headers)
        else { return nil }
        self.init(method: method, url: request.url, headerFields: fields)
    }
}

extension ScopedAuth.HTTPRequest {
    /// A ScopedAuth request from a swift-http-types head and its body.
    ///
    /// Returns `nil` when the head has no absolute URL (scheme and authority).
    public init?(_ request: HTTPTypes.HTTPRequest, body: Data? = nil) {
        guard let url = request.url, url.scheme != nil, url.host != nil else { return nil }
        self.init(
            method: ScopedAuth.HTTPMethod(rawValue: request.method.rawValue), url: url,
            headers: ScopedAuth.HTTPHeaders(request.headerFields), body: body)
    }
}

extension HTTPTypes.HTTPResponse {
    /// The head of `response` (status and headers; the body is the caller's).
    ///
    /// Returns `nil` for a status outside 0...999 or a header name that is not a valid HTTP token.
    public init?(_ response: ScopedAuth.HTTPResponse) {
        guard (0...999).contains(response.status), let fields = HTTPFields(response.headers) else { return nil }
        self.init(status: HTTPTypes.HTTPResponse.Status(code: response.status), headerFields: fields)
    }
}

extension ScopedAuth.HTTPResponse {
    /// A ScopedAuth response from a swift-http-types head and its body.
    public init(_ response: HTTPTypes.HTTPResponse, body: Data = Data()) {
        self.init(status: response.status.code, headers: ScopedAuth.HTTPHeaders(response.headerFields), body: body)
    }
}
