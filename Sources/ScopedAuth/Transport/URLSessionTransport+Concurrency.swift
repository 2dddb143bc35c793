import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSessionTransport {
    /// How many requests to one origin it has on the wire at once: its configuration's
    /// ``Configuration/concurrentRequestsPerOrigin`` when given (an HTTP/2 service's stream limit), else its
    /// connections per host (``Configuration/maximumConnectionsPerHost``, 6 by default), one request each as over
    /// HTTP/1.1. Requests beyond them wait inside `URLSession`.
    public var concurrentRequestsPerOrigin: Int? {
        configuration.concurrentRequestsPerOrigin ?? configuration.maximumConnectionsPerHost
    }
}
