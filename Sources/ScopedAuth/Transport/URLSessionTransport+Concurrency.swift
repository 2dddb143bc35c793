import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSessionTransport {
    /// The connections its session opens to one host (`httpMaximumConnectionsPerHost`, 6 by default); requests
    /// beyond them wait inside `URLSession` (over HTTP/1.1; over HTTP/2 more may share those connections).
    public var concurrentRequestsPerOrigin: Int? { Self.connectionsPerHost }

    /// The session configuration's default, which ``URLSessionTransport`` keeps.
    private static let connectionsPerHost = URLSessionConfiguration.ephemeral.httpMaximumConnectionsPerHost
}
