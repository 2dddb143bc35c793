public import ScopedAuth
import Foundation

/// The `HTTPTransport` contract as a test suite that any transport, ScopedAuth's or yours, runs against a
/// loopback HTTP server in a few lines.
///
/// The suite starts its own server on `127.0.0.1` (POSIX sockets, no dependency), gives each check a fresh
/// transport from `makeTransport` (called with the response-size limit the transport must enforce) and reports
/// every broken rule as a ``Finding``. No traffic leaves the machine.
///
/// ```swift
/// import ScopedAuthTesting
/// import Testing
///
/// @Test func myTransportKeepsTheContract() async throws {
///     try await TransportConformance.run { limit in
///         MyTransport(maximumResponseSize: limit)
///     }
/// }
/// ```
public enum TransportConformance {
    /// One rule of the transport contract.
    public enum Rule: String, CaseIterable, Sendable, CustomStringConvertible {
        /// A 301, 302, 303, 307 or 308 is returned as it is, never followed.
        case returnsRedirects
        /// The method, every header field with its value, and the body arrive unchanged; the response's status,
        /// headers and body come back unchanged.
        case sendsRequestsUnchanged
        /// No credential header the request did not carry is added: no `Cookie` after a `Set-Cookie`, no
        /// `Authorization` or `Proxy-Authorization` from a credential store.
        case addsNoCredentials
        /// A body whose `Content-Length` exceeds the limit is refused with `AuthError.Kind.malformedResponse`:
        /// from the `Content-Length` before it is read or, at the latest, once the bytes read pass the limit; never
        /// after the whole body has arrived.
        case refusesAnnouncedOversizedBody
        /// A body without `Content-Length` (chunked) that grows past the limit is refused with
        /// `AuthError.Kind.malformedResponse` while it streams, not after it has all arrived.
        case refusesStreamedOversizedBody
        /// A `GET` whose task is cancelled while waiting for the answer throws `CancellationError`.
        case cancelledGETThrowsCancellationError
        /// A `POST` with a body whose task is cancelled while waiting for the answer throws `CancellationError`.
        case cancelledPOSTThrowsCancellationError

        /// The rule's name.
        public var description: String { rawValue }
    }

    /// A broken rule and what was seen.
    public struct Finding: Error, Sendable, Hashable, CustomStringConvertible {
        /// The rule that was broken.
        public var rule: Rule
        /// What the transport did instead.
        public var detail: String

        /// `rule: detail`.
        public var description: String { "\(rule): \(detail)" }
    }

    /// Every finding of a run that found any, thrown by ``run(maximumResponseSize:oversizedBodySize:rules:makeTransport:)``.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The broken rules, in the order they were checked.
        public var findings: [Finding]

        /// One line per finding.
        public var description: String {
            "the transport breaks \(findings.count) rule(s) of the HTTPTransport contract:\n"
                + findings.map { "- \($0)" }.joined(separator: "\n")
        }
    }

    /// Checks `rules` and throws a ``Failure`` listing every finding, if there is any.
    ///
    /// - Parameters:
    ///   - maximumResponseSize: The limit handed to `makeTransport`, which the transport must enforce.
    ///   - oversizedBodySize: The size of the bodies sent to check the limit; 64 MiB by default.
    ///   - rules: The rules to check; all of them by default.
    ///   - makeTransport: Makes a transport that refuses response bodies over the given number of bytes.
    /// - Throws: ``Failure`` when a rule is broken; an error when the loopback server cannot start.
    public static func run(
        maximumResponseSize: Int = 1 << 20,
        oversizedBodySize: Int = 64 << 20,
        rules: [Rule] = Rule.allCases,
        makeTransport: @escaping @Sendable (_ maximumResponseSize: Int) -> any HTTPTransport
    ) async throws {
        let found = try await findings(
            maximumResponseSize: maximumResponseSize, oversizedBodySize: oversizedBodySize, rules: rules,
            makeTransport: makeTransport)
        if !found.isEmpty { throw Failure(findings: found) }
    }

    /// Checks `rules` and returns every finding; an empty list means the transport keeps them all.
    ///
    /// - Parameters:
    ///   - maximumResponseSize: The limit handed to `makeTransport`, which the transport must enforce.
    ///   - oversizedBodySize: The size of the bodies sent to check the limit; 64 MiB by default.
    ///   - rules: The rules to check; all of them by default.
    ///   - makeTransport: Makes a transport that refuses response bodies over the given number of bytes.
    /// - Returns: The findings, in the order of `rules`.
    /// - Throws: An error when the loopback server cannot start.
    public static func findings(
        maximumResponseSize: Int = 1 << 20,
        oversizedBodySize: Int = 64 << 20,
        rules: [Rule] = Rule.allCases,
        makeTransport: @escaping @Sendable (_ maximumResponseSize: Int) -> any HTTPTransport
    ) async throws -> [Finding] {
        var found: [Finding] = []
        for rule in rules {
            let server = try ConformanceServer()
            defer { server.stop() }
            let check = Check(
                rule: rule, server: server, base: try server.baseURL, limit: maximumResponseSize,
                oversized: max(oversizedBodySize, maximumResponseSize * 4),
                transport: makeTransport(maximumResponseSize))
            found += await check.run()
        }
        return found
    }
}

/// One rule checked against one server.
private struct Check {
    let rule: TransportConformance.Rule
    let server: ConformanceServer
    let base: URL
    let limit: Int
    let oversized: Int
    let transport: any HTTPTransport

    func finding(_ detail: String) -> TransportConformance.Finding {
        TransportConformance.Finding(rule: rule, detail: detail)
    }

    func url(_ path: String) -> URL { base.appending(path: path) }

    func run() async -> [TransportConformance.Finding] {
        do {
            switch rule {
            case .returnsRedirects: return try await returnsRedirects()
            case .sendsRequestsUnchanged: return try await sendsRequestsUnchanged()
            case .addsNoCredentials: return try await addsNoCredentials()
            case .refusesAnnouncedOversizedBody: return await refusesOversizedBody(announced: true)
            case .refusesStreamedOversizedBody: return await refusesOversizedBody(announced: false)
            case .cancelledGETThrowsCancellationError: return await cancellation(method: .get)
            case .cancelledPOSTThrowsCancellationError: return await cancellation(method: .post)
            }
        } catch {
            return [finding("the exchange failed: \(type(of: error))")]
        }
    }

    private func returnsRedirects() async throws -> [TransportConformance.Finding] {
        var found: [TransportConformance.Finding] = []
        for status in [301, 302, 303, 307, 308] {
            let response = try await transport.send(
                HTTPRequest(method: .get, url: url("redirect/\(status)"), headers: ["X-Conformance": "redirect"]))
            if response.status != status {
                found.append(finding("a \(status) came back as \(response.status)"))
            }
        }
        let followed = server.received.filter { $0.path.hasPrefix("/followed") }.count
        if followed > 0 { found.append(finding("followed \(followed) redirect(s) to /followed")) }
        return found
    }

    private func sendsRequestsUnchanged() async throws -> [TransportConformance.Finding] {
        var found: [TransportConformance.Finding] = []
        let body = Data((0..<4_096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let sent: [(String, String)] = [
            ("X-Conformance-One", "1"), ("X-Conformance-Two", "two words"), ("Content-Type", "application/octet-stream"),
            ("Authorization", "Bearer conformance-sentinel"),
        ]
        var headers = HTTPHeaders()
        for (name, value) in sent { headers.add(name: name, value: value) }
        let response = try await transport.send(HTTPRequest(method: .put, url: url("echo"), headers: headers, body: body))
        guard let arrival = server.received.first(where: { $0.path == "/echo" }) else {
            return [finding("the request never arrived")]
        }
        if arrival.method != "PUT" { found.append(finding("the method arrived as \(arrival.method)")) }
        for (name, value) in sent where arrival.values(name) != [value] {
            found.append(finding("\(name) arrived as \(arrival.values(name).count) value(s), not exactly as sent"))
        }
        if arrival.body != body { found.append(finding("the body arrived with \(arrival.body.count) of \(body.count) bytes changed or missing")) }
        if response.status != 200 { found.append(finding("the status came back as \(response.status)")) }
        if response.headers["X-Conformance-Echo"] != "1" { found.append(finding("a response header was lost")) }
        if response.body != body { found.append(finding("the response body came back changed")) }
        return found
    }

    private func addsNoCredentials() async throws -> [TransportConformance.Finding] {
        _ = try await transport.send(HTTPRequest(method: .get, url: url("set-cookie")))
        _ = try await transport.send(HTTPRequest(method: .get, url: url("echo"), headers: ["X-Conformance": "plain"]))
        guard let arrival = server.received.first(where: { $0.path == "/echo" }) else {
            return [finding("the request never arrived")]
        }
        let added = arrival.headers.map { $0.name.lowercased() }.filter(HTTPHeaders.credentialHeaderNames.contains)
        return added.isEmpty ? [] : [finding("added credential header(s) \(Set(added).sorted())")]
    }

    private func refusesOversizedBody(announced: Bool) async -> [TransportConformance.Finding] {
        let path = "/huge/\(oversized)/\(announced ? "announced" : "streamed")/\(limit + (1 << 20))"
        do {
            let response = try await transport.send(HTTPRequest(method: .get, url: url(String(path.dropFirst()))))
            return [finding("a body of \(oversized) bytes over a limit of \(limit) was returned (\(response.body.count) bytes)")]
        } catch let error as AuthError where error.kind == .malformedResponse {
            // The server pauses just past the limit until the client hangs up: a transport that refuses while the
            // body streams has left by then, so the server never writes the rest.
            let written = server.bodyBytesWritten(for: path)
            if written >= oversized {
                return [finding("the whole body (\(written) bytes) was sent before the refusal: it was read, not refused while streaming")]
            }
            return []
        } catch {
            return [finding("threw \(type(of: error)), not AuthError.malformedResponse")]
        }
    }

    private func cancellation(method: HTTPMethod) async -> [TransportConformance.Finding] {
        let transport = self.transport
        let request = HTTPRequest(
            method: method, url: url("hang"), body: method == .post ? Data(repeating: 1, count: 1_024) : nil)
        let task = Task { try await transport.send(request) }
        for await path in server.arrivals where path == "/hang" { break }
        task.cancel()
        switch await task.result {
        case .success(let response):
            return [finding("a cancelled \(method) returned HTTP \(response.status)")]
        case .failure(let error) where error is CancellationError:
            return []
        case .failure(let error):
            return [finding("a cancelled \(method) threw \(type(of: error)) (\(error)), not CancellationError")]
        }
    }
}
