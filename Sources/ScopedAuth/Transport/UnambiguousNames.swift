// Names that stay unambiguous next to swift-http-types, SwiftNIO and AsyncHTTPClient.
//
// `HTTPRequest`, `HTTPResponse` and `HTTPMethod` are also declared by apple/swift-http-types, `HTTPHeaders` and
// `HTTPMethod` by NIOHTTP1, `HTTPClient` by AsyncHTTPClient. A file that imports one of them next to ScopedAuth can
// use these aliases without qualifying every use with `ScopedAuth.`.

/// ScopedAuth's ``HTTPRequest``, under a name no server library declares.
public typealias AuthHTTPRequest = HTTPRequest
/// ScopedAuth's ``HTTPResponse``, under a name no server library declares.
public typealias AuthHTTPResponse = HTTPResponse
/// ScopedAuth's ``HTTPMethod``, under a name no server library declares.
public typealias AuthHTTPMethod = HTTPMethod
/// ScopedAuth's ``HTTPHeaders``, under a name no server library declares.
public typealias AuthHTTPHeaders = HTTPHeaders
/// ScopedAuth's ``HTTPClient`` (a transport wrapped in middleware), under a name no server library declares.
public typealias AuthHTTPClient = HTTPClient
