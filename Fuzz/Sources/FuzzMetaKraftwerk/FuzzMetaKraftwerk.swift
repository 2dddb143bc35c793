import Foundation
import FuzzSupport
import ScopedAuth
import ScopedAuthMetaKraftwerk
import ScopedAuthTesting

/// One MetaKraftwerk call whose answer the fuzzer replaces, recognised by method and the end of its path.
private struct Scenario: Sendable {
    var matches: @Sendable (HTTPRequest) -> Bool
    var run: @Sendable (MetaKraftwerkClient) async throws -> Void
}

/// Names the seeded ids in the scenarios; every input runs against its own ``freshEmulator()``, seeded alike.
private let kraftwerk = freshEmulator().metaKraftwerk

private func project(_ client: MetaKraftwerkClient) async throws -> ProjectHandle<OwnerRole> {
    try await client.project(id: kraftwerk.seededProjectID, as: OwnerRole.self)
}

/// A build of the seeded project, started outside the fuzzed client so its answer is the emulator's own.
private func startedBuild(_ client: MetaKraftwerkClient) async throws -> ProjectBuild {
    try await project(client).startBuild(patternIDs: kraftwerk.seededPatternIDs, description: "fuzz")
}

private let scenarios: [Scenario] = [
    // POST /authentication (strategy local): accessToken, or a Feathers error.
    Scenario(matches: route(.post, "authentication")) { _ = try await $0.projects() },
    // Projects: list, by name, by id.
    Scenario(matches: route(.get, "v1/projects")) { _ = try await $0.projects() },
    Scenario(matches: route(.get, "v1/projects")) {
        _ = try await $0.project(named: kraftwerk.seededProjectName, as: ViewerRole.self)
    },
    Scenario(matches: route(.get, "projects/*")) { _ = try await project($0) },
    // Builds: list, one, started; Feathers errors (403 names the missing permission).
    Scenario(matches: route(.get, "v1/builds")) { _ = try await project($0).builds() },
    Scenario(matches: route(.get, "builds/*")) { client in
        let build = try await startedBuild(client)
        _ = try await project(client).build(id: build.id)
    },
    Scenario(matches: route(.post, "v1/builds")) { _ = try await startedBuild($0) },
    // Deliveries and instances.
    Scenario(matches: route(.get, "v1/downloads")) { client in
        let build = try await startedBuild(client)
        _ = try await project(client).downloads(ofBuild: build.id)
    },
    Scenario(matches: route(.get, "v1/instances")) { _ = try await project($0).instances() },
    Scenario(matches: route(.post, "v1/instances")) { client in
        let rows: [[String: MetadataValue]] = [["name": "a", "size": 1, "ratio": 0.5, "on": true, "none": nil]]
        _ = try await project(client).uploadInstances(
            [InstanceUpload(name: "fuzz", rows: rows)], patternID: kraftwerk.seededPatternIDs[0])
    },
]

/// libFuzzer entry point: a MetaKraftwerk answer of any status and body yields a value or a typed error
/// (`AuthError`, `ProjectPermissionError`, or `ProjectPermissionsNotReportedError` for a project listed without
/// permissions), never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMetaKraftwerk(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let fuzzCase = FuzzCase(start, count, scenarios: scenarios.count)
    let scenario = scenarios[fuzzCase.scenario]
    runToCompletion {
        let emulator = freshEmulator()
        guard emulator.metaKraftwerk.seededProjectID == kraftwerk.seededProjectID,
            emulator.metaKraftwerk.seededPatternIDs == kraftwerk.seededPatternIDs
        else { fatalError("a fresh emulator is seeded differently; the scenarios name the wrong ids") }
        let client = MetaKraftwerkClient(
            credential: emulator.metaKraftwerk.seededUser, baseURL: emulator.origins.metaKraftwerk,
            transport: FuzzTransport(emulator.transport, fuzzCase, matches: scenario.matches),
            clock: emulator.clock, retryPolicy: .none)
        await expectTyped(isTyped: { $0 is ProjectPermissionError || $0 is ProjectPermissionsNotReportedError }) {
            try await scenario.run(client)
        }
        await client.shutdown()
    }
    return 0
}

/// The executable's entry point under SwiftPM's renamed `main`: runs libFuzzer on `fuzzMetaKraftwerk`.
@_cdecl("FuzzMetaKraftwerk_main")
public func fuzzMetaKraftwerkMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzMetaKraftwerk)
}
