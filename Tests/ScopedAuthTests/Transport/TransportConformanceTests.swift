import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The transport contract, as `TransportConformance` checks it over loopback HTTP: `URLSessionTransport` keeps
/// every rule, and transports that break one are caught (so the suite can fail).
@Suite(.serialized) struct TransportConformanceTests {
    @Test func urlSessionTransportKeepsTheContract() async throws {
        try await TransportConformance.run { limit in
            URLSessionTransport(configuration: .init(requestTimeout: .seconds(20), maximumResponseSize: limit))
        }
    }

    @Test func aTransportThatFollowsRedirectsIsCaught() async throws {
        let findings = try await TransportConformance.findings(rules: [.returnsRedirects]) { limit in
            FollowingTransport(base: URLSessionTransport(configuration: .init(maximumResponseSize: limit)))
        }
        #expect(Set(findings.map(\.rule)) == [.returnsRedirects])
    }

    @Test func aTransportThatReadsTheWholeBodyFirstIsCaught() async throws {
        let findings = try await TransportConformance.findings(
            rules: [.refusesAnnouncedOversizedBody, .refusesStreamedOversizedBody]
        ) { limit in
            CheckingAfterwardsTransport(base: URLSessionTransport(), limit: limit)
        }
        #expect(Set(findings.map(\.rule)) == [.refusesAnnouncedOversizedBody, .refusesStreamedOversizedBody])
    }

    @Test func aTransportThatAddsACredentialOrTurnsCancellationIntoAnotherErrorIsCaught() async throws {
        let findings = try await TransportConformance.findings(
            rules: [.addsNoCredentials, .cancelledPOSTThrowsCancellationError]
        ) { limit in
            CookieAddingTransport(base: URLSessionTransport(configuration: .init(maximumResponseSize: limit)))
        }
        #expect(Set(findings.map(\.rule)) == [.addsNoCredentials, .cancelledPOSTThrowsCancellationError])
    }

    /// The figures SECURITY.md reports: the process's resident memory while a server sends a 512 MiB body against
    /// a 1 MiB limit, with and without `Content-Length`. The server writes the limit and 1 MiB more, then waits for
    /// the transport to hang up before sending the rest (as the conformance suite does), so the figure measures
    /// the transport, not how fast FoundationNetworking's cancellation lands. A transport that read the body
    /// before checking it would grow by at least 512 MiB.
    @Test(arguments: ["streamed", "announced"])
    func anOversizedBodyKeepsMemoryBounded(mode: String) async throws {
        let server = try ConformanceServer()
        defer { server.stop() }
        let size = 512 << 20
        let path = "huge/\(size)/\(mode)/\(2 << 20)"
        let transport = URLSessionTransport(configuration: .init(maximumResponseSize: 1 << 20))
        ResidentMemory.resetPeak()
        guard let before = ResidentMemory.current else { return }
        await #expect {
            try await transport.send(HTTPRequest(method: .get, url: try server.baseURL.appending(path: path)))
        } throws: { ($0 as? AuthError)?.kind == .malformedResponse }
        let peak = ResidentMemory.peak ?? 0
        let written = server.bodyBytesWritten(for: "/" + path)
        print("oversized \(mode) body: resident \(before >> 20) MiB before, peak \(peak >> 20) MiB; "
            + "the server wrote \(written >> 20) of \(size >> 20) MiB before the transport hung up")
        #expect(peak - before < 128 << 20, "resident memory grew by \((peak - before) >> 20) MiB")
        #expect(written < size)
    }
}

/// Resident memory from `/proc/self/status` (Linux); `nil` elsewhere.
enum ResidentMemory {
    static var current: Int? { field("VmRSS:") }
    static var peak: Int? { field("VmHWM:") }

    /// Resets the peak (`VmHWM`) to the current resident size, so that it measures from here on.
    static func resetPeak() {
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))
    }

    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return nil }
        return line.split(separator: " ").compactMap { Int($0) }.first.map { $0 * 1024 }
    }
}

/// Breaks "never follow redirects": follows one itself.
struct FollowingTransport: HTTPTransport {
    let base: any HTTPTransport
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        guard (300..<400).contains(response.status), let location = response.headers["Location"],
            let target = URL(string: location, relativeTo: request.url)?.absoluteURL
        else { return response }
        var next = request
        next.url = target
        return try await base.send(next)
    }
}

/// Breaks "refuse while streaming": reads everything, then compares with the limit.
struct CheckingAfterwardsTransport: HTTPTransport {
    let base: any HTTPTransport
    let limit: Int
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        guard response.body.count <= limit else { throw AuthError(.malformedResponse, detail: "too large") }
        return response
    }
}

/// Breaks "add no credential" (a cookie jar) and "cancellation is CancellationError" (reports a transient error).
struct CookieAddingTransport: HTTPTransport {
    let base: any HTTPTransport
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        request.headers["Cookie"] = "jar=1"
        do {
            return try await base.send(request)
        } catch is CancellationError {
            throw AuthError(.transient, detail: "cancelled")
        }
    }
}
