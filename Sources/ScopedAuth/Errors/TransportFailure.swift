public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension AuthError {
    /// A failure to get any answer from `url`'s server, as an error a person can act on.
    ///
    /// The detail names what could not be reached (`host:port`, never a path, query, user or credential) and what
    /// to check, such as `connection refused by 127.0.0.1:8080: is the server running and listening on that port?`.
    /// A timeout is ``Kind/timeout``; everything else ``Kind/transient``, except an unreadable answer
    /// (``Kind/malformedResponse``). Only the error's code is read, never its description, which could contain a
    /// URL with credentials.
    ///
    /// ```swift
    /// let error = AuthError.transportFailure(URLError(.cannotConnectToHost), reaching: url, service: "MASV")
    /// // AuthError.transient (MASV): connection refused by 127.0.0.1:8080: is the server running …
    /// ```
    ///
    /// - Parameters:
    ///   - error: What the transport threw.
    ///   - url: The URL the request was sent to.
    ///   - service: The service named in the error.
    /// - Returns: The error to throw.
    public static func transportFailure(_ error: any Error, reaching url: URL?, service: String? = nil) -> AuthError {
        if let error = error as? AuthError { return error }
        let target = url.map(Self.hostAndPort(of:)) ?? "the server"
        guard let urlError = error as? URLError else {
            return AuthError(.transient, service: service,
                             detail: "could not reach \(target) (\(type(of: error))): is the server running and "
                                 + "reachable from here?")
        }
        let (kind, text) = Self.explain(urlError.code, target: target, host: url?.host ?? "the host")
        return AuthError(kind, service: service, detail: text)
    }

    /// `host:port` of `url`, with the scheme's default port filled in; no user, path or query.
    static func hostAndPort(of url: URL) -> String {
        guard let origin = HTTPOrigin(url) else { return "the server" }
        let host = origin.host.contains(":") ? "[\(origin.host)]" : origin.host
        return origin.port < 0 ? host : "\(host):\(origin.port)"
    }

    private static func explain(_ code: URLError.Code, target: String, host: String) -> (Kind, String) {
        switch code {
        case .cannotConnectToHost:
            return (.transient, "connection refused by \(target): is the server running and listening on that port?")
        case .cannotFindHost, .dnsLookupFailed:
            return (.transient, "the host name \(host) could not be resolved (DNS): check the base URL's host and "
                        + "the network's name resolution")
        case .timedOut:
            return (.timeout, "no answer from \(target) before the request timeout: is the server up, reachable "
                        + "and not overloaded?")
        case .networkConnectionLost, .badServerResponse:
            return (.transient, "the connection to \(target) closed before a complete HTTP answer: is it the "
                        + "right server and port, and is it healthy?")
        case .notConnectedToInternet:
            return (.transient, "no network connection while reaching \(target): check this machine's network")
        case .secureConnectionFailed, .serverCertificateHasBadDate, .serverCertificateUntrusted,
            .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
            .clientCertificateRequired:
            return (.transient, "the TLS handshake with \(target) failed: check that it serves HTTPS with a "
                        + "certificate this machine trusts (and that the URL is not https:// for a plain HTTP port)")
        case .cannotParseResponse, .cannotDecodeRawData, .cannotDecodeContentData:
            return (.malformedResponse, "\(target) answered something that is not a readable HTTP response: "
                        + "is it the right server and port?")
        case .unsupportedURL, .badURL:
            return (.invalidRequest, "the URL for \(target) is not one this transport can send to: check its "
                        + "scheme (http or https)")
        default:
            return (.transient, "could not reach \(target) (network error \(code.rawValue)): is the server running "
                        + "and reachable from here?")
        }
    }
}
