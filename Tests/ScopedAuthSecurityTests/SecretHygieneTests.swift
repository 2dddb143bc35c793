import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// The secret every test below uses as a credential; no text the SDK produces may contain it.
let sentinel = "SENTINEL-suite-7f3a-never-print-me"

/// Everything a user could print or log during a run, plus the raw requests that left for non-service origins.
final class Exposure: @unchecked Sendable {
    // Only used from one test task at a time; the class exists so closures can append.
    private(set) var texts: [String] = []

    /// Records every rendering of `value`: description, debugDescription, dump and interpolation.
    func record(_ value: Any) {
        var dumped = ""
        dump(value, to: &dumped)
        texts += [String(describing: value), String(reflecting: value), dumped, "\(value)"]
    }

    /// Runs `operation` and records whatever it returns or throws.
    func run(_ operation: () async throws -> Any) async {
        do { record(try await operation()) } catch { record(error) }
    }

    /// Records every event a session reported until it shut down.
    func drain(_ events: AsyncStream<AuthEvent>) async {
        for await event in events { record(event) }
    }

    /// Records what the emulator received, as the SDK describes it.
    func recordRequests(_ emulator: Emulator, _ service: EmulatedServiceID) {
        for request in emulator.requests(to: service) { record(request) }
    }

    /// The raw credential values the service origin received (tokens and secrets in sensitive headers).
    static func credentials(_ emulator: Emulator, _ service: EmulatedServiceID) -> Set<String> {
        var values = Set<String>()
        for request in emulator.requests(to: service) {
            for field in request.headers where field.isSensitive {
                values.insert(field.value)
                if let token = field.value.split(separator: " ").last { values.insert(String(token)) }
            }
        }
        return values.filter { $0.count >= 8 }
    }

    /// Expects no recorded text to contain any of `secrets`.
    func expectNone(of secrets: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!texts.isEmpty, sourceLocation: sourceLocation)
        for secret in secrets where !secret.isEmpty {
            for text in texts where text.contains(secret) {
                let line = text.split(separator: "\n").first { $0.contains(secret) } ?? ""
                Issue.record("a secret appeared in: \(line.replacingOccurrences(of: secret, with: "<SECRET>"))",
                             sourceLocation: sourceLocation)
            }
        }
    }
}

@Suite("No secret in any description, error, event or foreign request, across all five clients")
struct SecretHygieneTests {
    @Test func masv() async throws {
        let emulator = Emulator(masvConfiguration: MASVConfiguration(minChunkSize: 1024, maxChunkSize: 4096))
        let seen = Exposure()
        let email = "sentinel@example.com"
        _ = emulator.masv.addUser(EmailPassword(email: email, password: Secret(sentinel)))

        // Success: sign in with the sentinel password, create, upload (to presigned storage URLs), link, transfer.
        let client = MASVClient(credential: .user(EmailPassword(email: email, password: Secret(sentinel))),
                                baseURL: emulator.origins.masv, transport: emulator.transport, clock: emulator.clock,
                                retryPolicy: .none)
        let events = client.events()
        seen.record(client)
        await seen.run { try await client.teams() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hygiene-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.bin")
        try Data(repeating: 7, count: 10_000).write(to: file)
        let upload = client.packages.upload([file], team: emulator.masv.seededTeamID, name: "hygiene")
        seen.record(upload)
        let package = try await upload.value
        seen.record(package)
        await seen.run { try await package.details() }
        await seen.run { try await package.files() }
        await seen.run { try await package.createLink(email: nil, password: Secret(sentinel)) }
        await seen.run { try await package.startTransfer(toCloudConnection: emulator.masv.seededCloudConnectionID) }
        await seen.run {
            try await package.startTransfer(with: SingleUseCredentials(
                provider: "amazon_s3", authorization: ["secret_access_key": Secret(sentinel)]))
        }

        // Failures: a wrong password, an API key that is the sentinel, injected 401/403/500 and a malformed body.
        let wrong = MASVClient(credential: .user(EmailPassword(email: emulator.masv.seededUser.email, password: Secret(sentinel))),
                               baseURL: emulator.origins.masv, transport: emulator.transport, clock: emulator.clock, retryPolicy: .none)
        await seen.run { try await wrong.teams() }
        let badKey = MASVClient(credential: .apiKey(Secret(sentinel)), baseURL: emulator.origins.masv,
                                transport: emulator.transport, clock: emulator.clock, retryPolicy: .none)
        seen.record(badKey)
        await seen.run { try await badKey.packages.create(team: emulator.masv.seededTeamID, name: "x") }
        for fault in [EmulatorFault.status(401), .status(403), .status(500), .malformedBody, .truncateBody] {
            emulator.faults.inject(fault, on: .masv, times: 1)
            await seen.run { try await package.details() }
        }
        await client.shutdown()
        await wrong.shutdown()
        await seen.drain(events)
        seen.recordRequests(emulator, .masv)

        // Storage is not a service origin: nothing there may carry a credential, in any part of the request.
        let storage = emulator.requests(to: .masvStorage)
        #expect(!storage.isEmpty)
        #expect(emulator.masv.storage.credentialLeaks == 0)
        let credentials = Exposure.credentials(emulator, .masv).union([sentinel, emulator.masv.seededUser.password.revealed])
        for request in storage {
            let raw = request.url.absoluteString + request.headers.map { "\($0.name): \($0.value)" }.joined()
                + String(decoding: request.body ?? Data(), as: UTF8.self)
            for secret in credentials { #expect(!raw.contains(secret), "storage request carried a credential") }
            #expect(!request.headers.contains("Authorization") && !request.headers.contains("X-User-Token"))
        }
        seen.expectNone(of: credentials)
    }

    @Test func spacelift() async throws {
        let emulator = Emulator()
        let seen = Exposure()
        let key = emulator.spacelift.seededAPIKey
        let client = try SpaceliftClient(credential: .apiKey(key), baseURL: emulator.origins.spacelift,
                                         transport: emulator.transport, clock: emulator.clock, retryPolicy: .none)
        let events = client.events()
        seen.record(client)
        await seen.run { try await client.viewer() }
        await seen.run { try await client.stacks() }
        await seen.run { try await client.runTrigger(stack: "my-stack-1") }
        emulator.spacelift.revokeIssuedTokens()  // HTTP 200 "unauthorized": replayed after one refresh
        await seen.run { try await client.stacks() }
        for fault in [EmulatorFault.status(401), .status(403), .status(500), .malformedBody] {
            emulator.faults.inject(fault, on: .spacelift, times: 1)
            await seen.run { try await client.viewer() }
        }
        let wrong = try SpaceliftClient(credential: .apiKey(KeyAndSecret(id: key.id, secret: Secret(sentinel))),
                                        baseURL: emulator.origins.spacelift,
                                        transport: emulator.transport, clock: emulator.clock, retryPolicy: .none)
        await seen.run { try await wrong.viewer() }
        await seen.run { try SpaceliftClient(token: Secret(sentinel), transport: emulator.transport, clock: emulator.clock) }
        await seen.run { try await client.refresh() }
        await client.shutdown()
        await wrong.shutdown()
        await seen.drain(events)
        seen.recordRequests(emulator, .spacelift)
        seen.expectNone(of: Exposure.credentials(emulator, .spacelift).union([sentinel, key.secret.revealed]))
    }

    @Test func massdriver() async throws {
        let emulator = Emulator()
        let seen = Exposure()
        let account = emulator.massdriver.seededServiceAccount
        let client = MassdriverClient(
            credential: MassdriverServiceAccountSecret(organizationID: account.organizationID, secret: account.secret),
            baseURL: emulator.origins.massdriver, transport: emulator.transport, clock: emulator.clock, retryPolicy: .none)
        seen.record(client)
        await seen.run { try await client.viewer() }
        await seen.run {
            var count = 0
            for try await _ in client.projects(organizationID: account.organizationID) { count += 1 }
            return count
        }
        await seen.run { try await client.createProject(organizationID: account.organizationID, name: "") }
        for fault in [EmulatorFault.status(401), .status(403), .status(500), .malformedBody] {
            emulator.faults.inject(fault, on: .massdriver, times: 1)
            await seen.run { try await client.viewer() }
        }
        let wrong = MassdriverClient(
            credential: MassdriverServiceAccountSecret(organizationID: account.organizationID, secret: Secret(sentinel)),
            baseURL: emulator.origins.massdriver, transport: emulator.transport, clock: emulator.clock, retryPolicy: .none)
        seen.record(wrong)
        await seen.run { try await wrong.viewer() }
        let legacy = MassdriverClient(credential: MassdriverAccessToken(Secret(sentinel), expiresAt: nil),
                                      baseURL: emulator.origins.massdriver, transport: emulator.transport,
                                      clock: emulator.clock, retryPolicy: .none)
        seen.record(legacy)
        await seen.run { try await legacy.viewer() }
        seen.recordRequests(emulator, .massdriver)
        seen.expectNone(of: Exposure.credentials(emulator, .massdriver).union([sentinel, account.secret.revealed]))
    }

    @Test func mudstack() async throws {
        let emulator = Emulator()
        let seen = Exposure()
        let client = MudstackClient(credential: emulator.mudstack.seededKey, accountID: emulator.mudstack.seededAccountID,
                                    baseURL: emulator.origins.mudstack, transport: emulator.transport,
                                    clock: emulator.clock, retryPolicy: .none)
        let events = client.session.events()
        let workspace = client.account.workspace(emulator.mudstack.seededWorkspaceID)
        seen.record(client)
        seen.record(workspace)
        await seen.run { try await client.account.workspaces() }
        await seen.run { try await workspace.asset(emulator.mudstack.seededAssetIDs[0]) }
        for fault in [EmulatorFault.status(401), .status(403), .status(500), .malformedBody] {
            emulator.faults.inject(fault, on: .mudstack, times: 1)
            await seen.run { try await client.account.accounts() }
        }
        let wrong = MudstackClient(credential: KeyAndSecret(id: emulator.mudstack.seededKey.id, secret: Secret(sentinel)),
                                   accountID: emulator.mudstack.seededAccountID,
                                   baseURL: emulator.origins.mudstack, transport: emulator.transport,
                                   clock: emulator.clock, retryPolicy: .none)
        seen.record(wrong)
        await seen.run { try await wrong.account.accounts() }
        await client.shutdown()
        await wrong.shutdown()
        await seen.drain(events)
        seen.recordRequests(emulator, .mudstack)
        seen.expectNone(of: Exposure.credentials(emulator, .mudstack)
            .union([sentinel, emulator.mudstack.seededKey.secret.revealed]))
    }

    @Test func metaKraftwerk() async throws {
        let emulator = Emulator()
        let seen = Exposure()
        let kraftwerk = emulator.metaKraftwerk
        let email = "sentinel@example.com"
        _ = kraftwerk.addUser(email: email, password: sentinel, permissions: [.readBuilds, .readInstances],
                              projectID: kraftwerk.seededProjectID)
        let client = MetaKraftwerkClient(credential: EmailPassword(email: email, password: Secret(sentinel)),
                                         baseURL: emulator.origins.metaKraftwerk, transport: emulator.transport,
                                         clock: emulator.clock, retryPolicy: .none)
        let events = client.events()
        seen.record(client)
        await seen.run { try await client.projects() }
        // The role check refuses a builder handle: a typed permission error, without the secret.
        await seen.run { try await client.project(id: kraftwerk.seededProjectID, as: BuilderRole.self) }
        let project = try await client.uncheckedProject(id: kraftwerk.seededProjectID, as: BuilderRole.self)
        seen.record(project)
        await seen.run { try await project.builds() }
        // The server refuses: a typed permission error, still without the secret.
        await seen.run { try await project.startBuild(patternIDs: kraftwerk.seededPatternIDs, description: "x") }
        for fault in [EmulatorFault.status(401), .status(403), .status(500), .malformedBody] {
            emulator.faults.inject(fault, on: .metaKraftwerk, times: 1)
            await seen.run { try await client.projects() }
        }
        let wrong = MetaKraftwerkClient(credential: EmailPassword(email: kraftwerk.seededUser.email, password: Secret(sentinel)),
                                        baseURL: emulator.origins.metaKraftwerk, transport: emulator.transport,
                                        clock: emulator.clock, retryPolicy: .none)
        await seen.run { try await wrong.projects() }
        await client.shutdown()
        await wrong.shutdown()
        await seen.drain(events)
        seen.recordRequests(emulator, .metaKraftwerk)
        seen.expectNone(of: Exposure.credentials(emulator, .metaKraftwerk).union([sentinel]))
    }
}
