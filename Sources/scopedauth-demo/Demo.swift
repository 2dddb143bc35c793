import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthSpacelift
import ScopedAuthTesting

/// Runs every part of the demo in order; returns whether every check held.
nonisolated func runDemo() async -> Bool {
    let report = Report()
    let clock = SystemAuthClock()
    var masvConfiguration = MASVConfiguration()
    masvConfiguration.minChunkSize = 256 * 1024
    let emulator = Emulator(clock: clock, seed: 2026, masvConfiguration: masvConfiguration)
    let started = ContinuousClock.now
    var demo = Demo(report: report, clock: clock, emulator: emulator)

    report.title("ScopedAuth · five services, one session engine · on the embedded emulator")
    report.note("Real clock, real concurrency; the services are ScopedAuthTesting's in-process emulator.")

    await demo.run("Sign-in to each service") { try await $0.signIns() }
    await demo.run("Refresh storm: 10,000 requests across a token expiry") { try await $0.refreshStorm() }
    await demo.run("401 storm: the service revokes the token under 1,000 requests") { try await $0.rejectionStorm() }
    await demo.run("MASV: client.packages.upload of a generated file") { try await $0.masvUpload() }
    await demo.run("MetaKraftwerk: start a build as a builder and watch it finish") { try await $0.metaKraftwerkBuild() }
    await demo.run("What the sessions reported (AuthEvent streams)") { try await $0.eventSummary() }
    await demo.shutdown()

    report.section("Done in \(milliseconds(since: started))")
    if demo.failures.isEmpty {
        report.ok("every check held", "exit 0")
    } else {
        for failure in demo.failures { report.fail("failed", failure) }
    }
    return demo.failures.isEmpty
}

/// The demo's clients and the checks it makes.
struct Demo {
    let report: Report
    let clock: SystemAuthClock
    let emulator: Emulator
    var failures: [String] = []

    let masv: MASVClient
    let spacelift: SpaceliftClient<TokenSession>?
    let mudstack: MudstackClient
    let metaKraftwerk: MetaKraftwerkClient
    let events = EventLog()

    init(report: Report, clock: SystemAuthClock, emulator: Emulator) {
        self.report = report
        self.clock = clock
        self.emulator = emulator
        let transport = emulator.transport
        masv = MASVClient(
            credential: .user(emulator.masv.seededUser), baseURL: emulator.origins.masv, transport: transport, clock: clock)
        spacelift = try? SpaceliftClient(
            credential: .apiKey(emulator.spacelift.seededAPIKey), baseURL: emulator.origins.spacelift, transport: transport, clock: clock)
        mudstack = MudstackClient(
            credential: emulator.mudstack.seededKey, accountID: emulator.mudstack.seededAccountID,
            baseURL: emulator.origins.mudstack, transport: transport, clock: clock)
        metaKraftwerk = MetaKraftwerkClient(
            credential: emulator.metaKraftwerk.seededUser, baseURL: emulator.origins.metaKraftwerk,
            transport: transport, clock: clock)
        events.follow("MASV", masv.events())
        events.follow("MetaKraftwerk", metaKraftwerk.events())
        if let spacelift { events.follow("Spacelift", spacelift.events()) }
        events.follow("Mudstack", mudstack.session.events())
    }

    /// Runs one section, recording a failure instead of stopping the demo.
    mutating func run(_ title: String, _ body: (inout Demo) async throws -> Void) async {
        report.section(title)
        let start = ContinuousClock.now
        defer { report.note("(\(milliseconds(since: start)))") }
        do {
            try await body(&self)
        } catch {
            failures.append("\(title): \(error)")
            report.fail("error", "\(error)")
        }
    }

    mutating func check(_ condition: Bool, _ label: String, _ detail: String) {
        if condition {
            report.ok(label, detail)
        } else {
            report.fail(label, detail)
            failures.append("\(label): \(detail)")
        }
    }

    // MARK: Sections

    mutating func signIns() async throws {
        var start = ContinuousClock.now
        let teams = try await masv.teams()
        check(!teams.isEmpty, "MASV", "POST /v1/auth → X-User-Token, team \(teams.first?.name ?? "?") (\(milliseconds(since: start)))")

        start = ContinuousClock.now
        guard let spacelift else { throw AuthError(.invalidRequest, detail: "Spacelift endpoint rejected") }
        let viewer = try await spacelift.viewer()
        check(true, "Spacelift", "apiKeyUser → JWT, viewer \(viewer.name) (\(milliseconds(since: start)))")

        start = ContinuousClock.now
        let account = emulator.massdriver.seededServiceAccount
        let massdriver = MassdriverClient(
            credential: MassdriverServiceAccountSecret(organizationID: account.organizationID, secret: account.secret),
            baseURL: emulator.origins.massdriver, transport: emulator.transport, clock: clock)
        let who: String
        switch try await massdriver.viewer() {
        case .serviceAccount(let serviceAccount): who = "\(serviceAccount.name) @ \(serviceAccount.organization.name)"
        case .account(let person): who = person.email
        }
        var projects = 0
        for try await _ in massdriver.projects(organizationID: account.organizationID) { projects += 1 }
        check(projects > 20, "Massdriver", "Basic org:secret, viewer \(who), \(ReportLayout.count(projects, "project")) paged lazily (\(milliseconds(since: start)))")

        start = ContinuousClock.now
        let workspaces = try await mudstack.account.workspaces()
        check(!workspaces.isEmpty, "Mudstack", "bare-string JWT, \(ReportLayout.count(workspaces.count, "workspace")) (\(milliseconds(since: start)))")

        start = ContinuousClock.now
        let mkwProjects = try await metaKraftwerk.projects()
        check(!mkwProjects.isEmpty, "MetaKraftwerk", "strategy local → 201 accessToken, \(ReportLayout.count(mkwProjects.count, "project")) (\(milliseconds(since: start)))")
    }

    mutating func refreshStorm() async throws {
        // A short-lived token to cross, then the usual hour for the token the storm's one exchange brings.
        emulator.mudstack.tokenLifetime = .seconds(4)
        let lifetimeToken = try await mudstack.session.replacement(afterRejectionOf: mudstack.session.token().generation)
        emulator.mudstack.tokenLifetime = .seconds(3_600)
        let before = emulator.counters.exchanges(.mudstack)
        report.note("A Mudstack token that lives 4 s; waiting 3.2 s until it is inside its hard margin…")
        try await clock.sleep(for: .milliseconds(3_200))
        check(mudstack.session.freshToken() == nil, "token no longer handed out", "inside the hard margin (last 1 s)")
        let start = ContinuousClock.now
        let scope = mudstack.account
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<10_000 {
                group.addTask { (try? await scope.workspaces()) != nil }
            }
            return await group.reduce(into: (ok: 0, failed: 0)) { $1 ? ($0.ok += 1) : ($0.failed += 1) }
        }
        let exchanges = emulator.counters.exchanges(.mudstack) - before
        let token = try await mudstack.session.token()
        report.figure("requests answered", "\(results.ok) of 10,000 in \(milliseconds(since: start))")
        report.figure("exchanges (POST /auth/token)", "\(exchanges)")
        report.figure("token generation", "\(lifetimeToken?.generation.description ?? "?") → \(token.generation)")
        check(results.ok == 10_000 && exchanges == 1, "single flight", "10,000 callers, \(ReportLayout.count(exchanges, "exchange"))")
    }

    mutating func rejectionStorm() async throws {
        guard let spacelift else { return }
        _ = try await spacelift.stacks()
        let before = emulator.counters.exchanges(.spacelift)
        let unauthorizedBefore = emulator.counters.unauthorized(.spacelift)
        let refreshedBefore = events.count(.unauthorizedReplayed, service: "Spacelift")
        let staleBefore = events.count(.staleUnauthorizedReplayed, service: "Spacelift")
        emulator.spacelift.revokeIssuedTokens()
        // 250 ms of latency on the next 1,000 requests keeps every one of them in flight with the revoked token.
        emulator.faults.inject(.latency(.milliseconds(250)), on: .spacelift, path: "/graphql", times: 1_000)
        report.note("Spacelift revokes every issued token while 1,000 queries are in flight;")
        report.note("each is answered HTTP 200 {\"errors\":[{\"message\":\"unauthorized\"}]}")
        let start = ContinuousClock.now
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<1_000 { group.addTask { (try? await spacelift.stacks()) != nil } }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        try await clock.sleep(for: .milliseconds(50))  // let the event stream catch up
        let exchanges = emulator.counters.exchanges(.spacelift) - before
        let unauthorized = emulator.counters.unauthorized(.spacelift) - unauthorizedBefore
        let afterRefresh = events.count(.unauthorizedReplayed, service: "Spacelift") - refreshedBefore
        let withoutRefresh = events.count(.staleUnauthorizedReplayed, service: "Spacelift") - staleBefore
        let replays = afterRefresh + withoutRefresh
        report.figure("queries answered", "\(results) of 1,000 in \(milliseconds(since: start))")
        report.figure("\"unauthorized\" answers served", "\(unauthorized)")
        report.figure("refreshes (apiKeyUser)", "\(exchanges)")
        report.figure("replayed after waiting for it", "\(afterRefresh)")
        report.figure("replayed at once (stale generation)", "\(withoutRefresh)")
        check(results == 1_000 && exchanges == 1 && replays == unauthorized, "one refresh for the storm",
              "\(ReportLayout.count(exchanges, "refresh", plural: "refreshes")), \(ReportLayout.count(replays, "replay")), none twice")
    }

    mutating func masvUpload() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scopedauth-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("rushes-day1.mov")
        let size = 8 * 1024 * 1024 + 12_345
        let bytes = randomBytes(size)
        try bytes.write(to: file)
        let team = try await masv.teams().first?.id ?? emulator.masv.seededTeamID

        let start = ContinuousClock.now
        let upload = masv.packages.upload(
            [file], team: team, name: "Demo delivery", options: UploadOptions(chunkSize: 1024 * 1024, parallelism: 4))
        var quarter = 0
        var lastBytesSent: Int64 = 0
        for await progress in upload.progress {
            lastBytesSent = progress.bytesSent
            report.progress(progress.fractionCompleted, label: "\(progress.bytesSent / 1024) of \(progress.totalBytes / 1024) KiB", lastQuarter: &quarter)
        }
        report.endProgress()
        let package = try await upload.value
        let details = try await package.details()
        let stored = emulator.masv.fileIDs(packageID: package.id).first.flatMap {
            emulator.masv.fileContents(packageID: package.id, fileID: $0)
        }
        report.figure("package", "\(details.state), \(ReportLayout.count(details.totalFiles, "file")), \(details.size) bytes in \(milliseconds(since: start))")
        report.figure("chunks", "\((size + 1024 * 1024 - 1) / (1024 * 1024)) × 1 MiB, 4 in parallel, to presigned URLs")
        check(lastBytesSent == Int64(size), "progress reached the total", ReportLayout.count(Int(lastBytesSent), "byte"))
        check(stored == bytes, "byte-identical in storage", "compared with the emulator's copy")
        check(emulator.masv.storage.credentialLeaks == 0, "no credential at the storage origin", ReportLayout.count(emulator.masv.storage.credentialLeaks, "leak"))
    }

    mutating func metaKraftwerkBuild() async throws {
        emulator.metaKraftwerk.buildDuration = .seconds(2)
        let project = try await metaKraftwerk.project(named: emulator.metaKraftwerk.seededProjectName, as: BuilderRole.self)
        let build = try await project.startBuild(
            patternIDs: emulator.metaKraftwerk.seededPatternIDs, description: "demo build")
        report.note("build \(build.id) started (\(build.status)); polling every 250 ms on the session's clock")
        var quarter = 0
        var last = build
        for try await update in project.watch(build, every: .milliseconds(250)) {
            last = update
            report.progress(Double(update.progress) / 100, label: "\(update.status) \(update.progress)%", lastQuarter: &quarter)
        }
        report.endProgress()
        check(last.status.name == "FINISHED", "build watched to the end", "\(last.status), \(last.progress)%")
        let downloads = try await project.downloads(ofBuild: build.id)
        guard let first = downloads.first else {
            check(false, "deliveries", "none listed")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scopedauth-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let saved = try await project.download(first, to: directory.appendingPathComponent(first.name))
        let written = try Data(contentsOf: saved)
        check(written == emulator.metaKraftwerk.fileContents(ofDownload: first.id), "delivery downloaded to disk",
              "\(first.name), \(ReportLayout.count(written.count, "byte")), byte-identical")
        try await metaKraftwerkRoleCheck()
    }

    /// A read-only user asking for a builder handle is refused by the role check, before any build request.
    mutating func metaKraftwerkRoleCheck() async throws {
        let reader = MetaKraftwerkClient(
            credential: emulator.metaKraftwerk.readOnlyUser, baseURL: emulator.origins.metaKraftwerk,
            transport: emulator.transport, clock: clock)
        var refusal: ProjectPermissionError?
        do {
            _ = try await reader.project(named: emulator.metaKraftwerk.seededProjectName, as: BuilderRole.self)
        } catch let error as ProjectPermissionError {
            refusal = error
        } catch {
            await reader.shutdown()
            throw error
        }
        await reader.shutdown()
        let missing = refusal?.missingPermissions.map(\.name) ?? []
        check(refusal != nil && refusal?.status == nil && missing == ["write_builds"], "role checked on acquisition",
              "read-only user refused BuilderRole before any request, missing \(missing)")
    }

    mutating func eventSummary() async throws {
        try await clock.sleep(for: .milliseconds(50))
        for (service, lines) in events.summary() {
            report.ok(service, lines)
        }
        check(!events.containsText(emulator.masv.seededUser.password.revealed), "no secret in any event", "checked every event's text")
    }

    func shutdown() async {
        await masv.shutdown()
        if let spacelift { await spacelift.shutdown() }
        await mudstack.shutdown()
        await metaKraftwerk.shutdown()
    }
}

/// Collects the events of every session, tagged with their service.
final class EventLog: Sendable {
    struct Entry: Sendable {
        var service: String
        var event: AuthEvent
    }

    private let entries = LockedValue<[Entry]>([])

    func follow(_ service: String, _ stream: AsyncStream<AuthEvent>) {
        Task { [weak self] in
            for await event in stream { self?.entries.withLock { $0.append(Entry(service: service, event: event)) } }
        }
    }

    enum Kind { case unauthorizedReplayed, staleUnauthorizedReplayed }

    /// How many requests a service's session reported replayed by events of `kind` (a replay after a refresh is
    /// one event per rejected generation, carrying its count).
    func count(_ kind: Kind, service: String) -> Int {
        entries.withLock { entries in
            entries.reduce(0) { total, entry in
                guard entry.service == service else { return total }
                switch (kind, entry.event) {
                case (.unauthorizedReplayed, .unauthorizedReplayed(_, _, let requests)): return total + requests
                case (.staleUnauthorizedReplayed, .staleUnauthorizedReplayed): return total + 1
                default: return total
                }
            }
        }
    }

    func containsText(_ text: String) -> Bool {
        entries.withLock { $0.contains { String(describing: $0.event).contains(text) } }
    }

    /// Per service: how many events of each kind, most frequent first.
    func summary() -> [(String, String)] {
        let all = entries.withLock { $0 }
        let services = Array(Set(all.map(\.service))).sorted()
        return services.map { service in
            var counts: [String: Int] = [:]
            for entry in all where entry.service == service { counts[Self.kind(entry.event), default: 0] += 1 }
            let text = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value)× \($0.key)" }
            return (service, text.joined(separator: ", "))
        }
    }

    private static func kind(_ event: AuthEvent) -> String {
        switch event {
        case .refreshStarted: "refresh started"
        case .refreshSucceeded: "refresh succeeded"
        case .refreshFailed: "refresh failed"
        case .refreshCancelled: "refresh cancelled"
        case .servedStale: "served stale"
        case .unauthorizedReplayed: "401 replayed"
        case .staleUnauthorizedReplayed: "stale 401 replayed"
        case .circuitOpened: "circuit opened"
        case .clockSkewSuspected: "skew suspected"
        case .shutdown: "shutdown"
        case .tokenLoadedFromStore: "loaded from store"
        case .waitedForStoreHolder: "waited for store holder"
        case .tokenPublished: "published to store"
        case .storeFallback: "store fallback"
        }
    }
}

/// `count` random bytes from the system's source (a debug build is too slow to draw them one by one).
func randomBytes(_ count: Int) -> Data {
    if let random = FileHandle(forReadingAtPath: "/dev/urandom"), let data = try? random.read(upToCount: count),
        data.count == count
    {
        return data
    }
    var generator = SystemRandomNumberGenerator()
    let words = (0..<(count + 7) / 8).map { _ in generator.next() }
    return words.withUnsafeBytes { Data($0.prefix(count)) }
}
