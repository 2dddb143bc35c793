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

    /// The figure SECURITY.md reports: the process's resident memory while a 512 MiB body is refused with a
    /// 1 MiB limit, through `URLSessionTransport`. A transport that read the body first would grow by ~512 MiB.
    @Test func anOversizedBodyKeepsMemoryBounded() async throws {
        ResidentMemory.resetPeak()
        guard let before = ResidentMemory.current else { return }
        try await TransportConformance.run(
            maximumResponseSize: 1 << 20, oversizedBodySize: 512 << 20,
            rules: [.refusesStreamedOversizedBody, .refusesAnnouncedOversizedBody]
        ) { limit in
            URLSessionTransport(configuration: .init(maximumResponseSize: limit))
        }
        let peak = ResidentMemory.peak ?? 0
        let after = ResidentMemory.current ?? 0
        let grown = max(after, peak) - before
        print("oversized body: resident \(before >> 20) MiB before, \(after >> 20) MiB after, peak \(peak >> 20) MiB")
        #expect(grown < 128 << 20, "resident memory grew by \(grown >> 20) MiB")
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
