import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthTesting
import Testing

/// The `scopedauth` CLI's file token cache across real OS processes, against the emulator over loopback HTTP.
@Suite("scopedauth token cache", .timeLimit(.minutes(1)))
struct CLITokenCacheTests {
    /// An emulator over loopback HTTP and an empty token cache in a folder of its own, with the seeded credentials
    /// and the cache's location as the CLI's environment.
    private struct CachedRun {
        let server: EmulatorServer
        let cache = FileManager.default.temporaryDirectory.appending(path: "scopedauth-cache-\(UUID().uuidString)")
        var variables: [String: String] { seededEnvironment(server).merging(["XDG_CACHE_HOME": cache.path]) { $1 } }

        init() async throws { server = try await EmulatorServer.start() }

        /// Removes the cache and stops the emulator.
        func finish() async {
            try? FileManager.default.removeItem(at: cache)
            await server.stop()
        }
    }

    @Test("A restarted CLI reuses the cached token: 0 exchanges; --no-token-cache exchanges again")
    func restartReusesTheToken() async throws {
        let fixture = try await CachedRun()
        let (server, cache, variables) = (fixture.server, fixture.cache, fixture.variables)
        let first = try await runScopedAuth(["token", "spacelift"], environment: variables)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(server.emulator.counters.exchanges(.spacelift) == 1)

        let second = try await runScopedAuth(["token", "spacelift"], environment: variables)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput == first.standardOutput)
        #expect(server.emulator.counters.exchanges(.spacelift) == 1, "the restarted process exchanged")

        let uncached = try await runScopedAuth(
            ["token", "spacelift", "--no-token-cache"], environment: variables)
        #expect(uncached.status == 0, "\(uncached.standardError)")
        #expect(server.emulator.counters.exchanges(.spacelift) == 2)

        // One 0600 file per credential in a 0700 directory, named by a keyed hash: no key id, no secret, no token.
        let directory = cache.appending(path: "scopedauth")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let tokenFiles = names.filter { $0.hasSuffix(".token") }
        #expect(tokenFiles.count == 1)
        let keyID = server.emulator.spacelift.seededAPIKey.id
        #expect(names.allSatisfy { !$0.contains(keyID) })
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appending(path: tokenFiles[0]).path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect((directoryAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let content = try String(contentsOf: directory.appending(path: tokenFiles[0]), encoding: .utf8)
        #expect(!content.contains(server.emulator.spacelift.seededAPIKey.secret.revealed))
        await fixture.finish()
    }

    @Test("Every service that exchanges a credential for a token has it reused by a restarted CLI", arguments: [
        ("masv", EmulatedServiceID.masv), ("spacelift", .spacelift), ("mudstack", .mudstack),
        ("metakraftwerk", .metaKraftwerk),
    ])
    func everyExchangedTokenIsReused(service: String, id: EmulatedServiceID) async throws {
        let fixture = try await CachedRun()
        let (server, variables) = (fixture.server, fixture.variables)
        let first = try await runScopedAuth(["token", service], environment: variables)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(server.emulator.counters.exchanges(id) == 1)
        let second = try await runScopedAuth(["token", service], environment: variables)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput == first.standardOutput)
        #expect(server.emulator.counters.exchanges(id) == 1, "the restarted process signed in again")
        await fixture.finish()
    }

    @Test("A MASV token the CLI cached serves a MASVClient on the same cache without a sign-in")
    func theCLIAndTheMASVClientShareAToken() async throws {
        let fixture = try await CachedRun()
        let (server, cache, variables) = (fixture.server, fixture.cache, fixture.variables)
        let printed = try await runScopedAuth(["token", "masv"], environment: variables)
        #expect(printed.status == 0, "\(printed.standardError)")

        let store = try FileTokenStore(directory: cache.appending(path: "scopedauth"))
        let client = MASVClient(
            credential: .user(server.emulator.masv.seededUser), baseURL: server.origins.masv,
            tokenStore: TokenStoreConfiguration(store: store, keyingKey: try store.localKeyingKey()))
        let package = try await client.packages.create(team: server.emulator.masv.seededTeamID, name: "shared token")
        #expect(!package.id.isEmpty)
        #expect(server.emulator.counters.exchanges(.masv) == 1, "the client signed in again")
        let sent = server.emulator.requests(to: .masv).compactMap { $0.headers["X-User-Token"] }
        #expect(sent == [printed.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)])
        await client.shutdown()
        await fixture.finish()
    }

    @Test("Concurrent CLI processes on one machine sign in once")
    func concurrentProcessesExchangeOnce() async throws {
        let fixture = try await CachedRun()
        let (server, variables) = (fixture.server, fixture.variables)
        // Nothing is cached yet: the processes also race to create the cache's keying key, and must agree on it.
        let results = try await withThrowingTaskGroup(of: CommandResult.self) { group in
            for _ in 0..<6 { group.addTask { try await runScopedAuth(["token", "spacelift"], environment: variables) } }
            return try await group.reduce(into: [CommandResult]()) { $0.append($1) }
        }
        for result in results { #expect(result.status == 0, "\(result.standardError)") }
        #expect(Set(results.map(\.standardOutput)).count == 1)
        #expect(server.emulator.counters.exchanges(.spacelift) == 1)
        await fixture.finish()
    }
}
