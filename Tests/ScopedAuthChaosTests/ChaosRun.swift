import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthSpacelift
import ScopedAuthTesting
import Synchronization

/// One seeded chaos run: five services on one emulator and one `ManualClock`, several sessions per service,
/// bursts of concurrent operations, and between bursts injected faults, server clock skew and revocations.
struct ChaosRun {
    /// Every operation races this deadline on the virtual clock: about ten times the longest legitimate wait
    /// (three attempts with injected latency and `Retry-After`, a refresh bounded by its 30 s timeout, one
    /// replay after a rejection). A call still running then is a hang, whatever the faults.
    static let operationDeadline: Duration = .seconds(15 * 60)
    /// An upload is many calls (create, chunk URLs, chunks with their own retries, finalize).
    static let uploadDeadline: Duration = .seconds(60 * 60)

    let seed: UInt64
    let operations: Int
    let clock = ManualClock()
    let emulator: Emulator
    let driver: VirtualTimeDriver
    let ledger = ChaosLedger()
    let witness: ServiceWitness
    let directory: URL
    /// When a Massdriver access token used by `massdriverToken` stops working by its own `expiresAt`.
    let massdriverTokenExpiry: AuthInstant

    let masv: [MASVClient]
    let masvUsers: [EmailPassword]
    let spacelift: [SpaceliftClient<TokenSession>]
    let spaceliftKeys: [KeyAndSecret]
    let massdriver: [MassdriverClient<MassdriverServiceAccountSecret>]
    let massdriverAccounts: [MassdriverServiceAccount]
    let massdriverToken: MassdriverClient<MassdriverAccessToken>
    let massdriverTokenSecret: Secret
    let mudstack: [MudstackClient]
    let mudstackKeys: [KeyAndSecret]
    let metaKraftwerk: [MetaKraftwerkClient]
    let metaKraftwerkUsers: [EmailPassword]
    let audits: [SessionAudit]

    init(seed: UInt64, operations: Int) throws {
        self.seed = seed
        self.operations = operations
        let clock = self.clock
        // Small chunks so that uploads of a few hundred kilobytes are many chunks; short token lifetimes so that
        // tokens expire many times within a run's minutes of virtual time.
        let masvConfiguration = MASVConfiguration(
            minChunkSize: 8 * 1024, maxChunkSize: 64 * 1024, userTokenLifetime: .seconds(600))
        driver = VirtualTimeDriver(clock: clock)
        emulator = Emulator(clock: EmulatorClock(base: clock, driver: driver), seed: seed, masvConfiguration: masvConfiguration)
        emulator.mudstack.tokenLifetime = .seconds(300)
        emulator.metaKraftwerk.tokenLifetime = .seconds(240)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("scopedauth-chaos-\(seed)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        witness = ServiceWitness(emulator: emulator)
        let transport = CountedTransport(base: emulator.transport, driver: driver, witness: witness)
        let origins = emulator.origins
        let emulator = emulator
        let driver = driver
        var audits: [SessionAudit] = []

        // Three sessions per service, each with its own credential (the third is the one revoked).
        masvUsers = [emulator.masv.seededUser] + (1...2).map { index in
            let user = EmailPassword(email: "chaos\(index)@example.com", password: Secret("masv-chaos-password-\(index)"))
            emulator.masv.addUser(user)
            return user
        }
        masv = masvUsers.map { MASVClient(credential: .user($0), baseURL: origins.masv, transport: transport, clock: clock) }
        for (client, user) in zip(masv, masvUsers) {
            audits.append(SessionAudit(label: "MASV \(user.email)", session: nil, stream: client.events(), driver: driver) {
                emulator.counters.exchanges(.masv, credential: user.email)
            })
        }

        spaceliftKeys = [emulator.spacelift.seededAPIKey, emulator.spacelift.addAPIKey(name: "chaos 1"),
                         emulator.spacelift.addAPIKey(name: "chaos 2")]
        spacelift = try spaceliftKeys.map {
            try SpaceliftClient(credential: .apiKey($0), baseURL: origins.spacelift, transport: transport, clock: clock)
        }
        for (client, key) in zip(spacelift, spaceliftKeys) {
            audits.append(SessionAudit(label: "Spacelift \(key.id)", session: client.tokenSource,
                                       stream: client.events(bufferSize: 1_000_000), driver: driver) {
                emulator.counters.exchanges(.spacelift, credential: key.id)
            })
        }

        massdriverAccounts = [emulator.massdriver.seededServiceAccount,
                              emulator.massdriver.addServiceAccount(organization: emulator.massdriver.seededServiceAccount.organizationID, name: "chaos")]
        massdriver = massdriverAccounts.map {
            MassdriverClient(credential: MassdriverServiceAccountSecret(organizationID: $0.organizationID, secret: $0.secret),
                             baseURL: origins.massdriver, transport: transport, clock: clock)
        }
        let issued = emulator.massdriver.issueAccessToken(expiresIn: .seconds(900))
        massdriverTokenExpiry = clock.now + .seconds(900)
        massdriverTokenSecret = issued.token
        massdriverToken = MassdriverClient(credential: MassdriverAccessToken(issued.token, expiresAt: issued.expiresAt),
                                           baseURL: origins.massdriver, transport: transport, clock: clock)

        mudstackKeys = [emulator.mudstack.seededKey, emulator.mudstack.addKey(accountID: emulator.mudstack.seededAccountID),
                        emulator.mudstack.addKey(accountID: emulator.mudstack.seededAccountID)]
        mudstack = mudstackKeys.map {
            MudstackClient(credential: $0, accountID: emulator.mudstack.seededAccountID, baseURL: origins.mudstack,
                           transport: transport, clock: clock)
        }
        for (client, key) in zip(mudstack, mudstackKeys) {
            audits.append(SessionAudit(label: "Mudstack \(key.id)", session: client.session,
                                       stream: client.session.events(bufferSize: 1_000_000), driver: driver) {
                emulator.counters.exchanges(.mudstack, credential: key.id)
            })
        }

        let projectID = emulator.metaKraftwerk.seededProjectID
        metaKraftwerkUsers = [emulator.metaKraftwerk.seededUser] + (1...2).map { index in
            let user = EmailPassword(email: "builder\(index)@example.com", password: Secret("mkw-chaos-password-\(index)"))
            emulator.metaKraftwerk.addUser(email: user.email, password: user.password.revealed,
                                           permissions: MetaKraftwerkPermission.all, projectID: projectID)
            return user
        }
        metaKraftwerk = metaKraftwerkUsers.map {
            MetaKraftwerkClient(credential: $0, baseURL: origins.metaKraftwerk, transport: transport, clock: clock)
        }
        for (client, user) in zip(metaKraftwerk, metaKraftwerkUsers) {
            audits.append(SessionAudit(label: "MetaKraftwerk \(user.email)", session: client.session,
                                       stream: client.events(bufferSize: 1_000_000), driver: driver) {
                emulator.counters.exchanges(.metaKraftwerk, credential: user.email)
            })
        }
        self.audits = audits
    }

    // MARK: Running

    /// Runs the workload to quiescence and returns every invariant violation (empty when all held).
    func run() async -> [String] {
        defer { try? FileManager.default.removeItem(at: directory) }
        let finished = Flag()
        let workload = Task {
            await runWorkload()
            finished.set()
        }
        let drove = await driver.drive { finished.isSet }
        if !drove {
            ledger.violation("hang: operations still running with no sleeper left to wake and nothing moving")
            workload.cancel()
            return ledger.violations
        }
        await workload.value

        // Quiescence: no refresh in flight, nobody parked, and no sleeper left on the clock (every SDK timer,
        // latency and backoff has finished or been cancelled). Time may still pass for background refreshes.
        let quietBy = clock.now + .seconds(600)
        let quiet = Flag()
        let audits = audits
        let clock = clock
        _ = await driver.drive(stallLimit: .seconds(10)) {
            if quiet.isSet { return true }
            if clock.now > quietBy { return true }
            let isQuiet = await Self.isQuiet(audits, clock: clock)
            if isQuiet { quiet.set() }
            return isQuiet
        }
        if !quiet.isSet {
            for audit in audits {
                if let session = audit.session {
                    let (waiting, refreshing) = (await session.waitingCallers, await session.isRefreshing)
                    if waiting != 0 { ledger.violation("\(audit.label): \(waiting) callers left parked") }
                    if refreshing { ledger.violation("\(audit.label): refresh still in flight after quiescence") }
                } else if audit.refreshInFlight {
                    ledger.violation("\(audit.label): refresh still in flight after quiescence")
                }
            }
            if clock.sleeperCount != 0 {
                ledger.violation("\(clock.sleeperCount) sleepers left on the clock after quiescence")
            }
        }

        for client in masv { await client.shutdown() }
        for client in spacelift { await client.shutdown() }
        for client in mudstack { await client.shutdown() }
        for client in metaKraftwerk { await client.shutdown() }
        for audit in audits {
            await audit.finished()
            for violation in audit.check().violations { ledger.violation(violation) }
        }
        // Measured at the service: never two credential exchanges at once for one credential.
        for (credential, maximum) in witness.overlappingExchanges.sorted(by: { $0.key < $1.key }) {
            ledger.violation("\(credential): \(maximum) credential exchanges at once at the service")
        }
        if witness.maximumConcurrentExchanges == 0 { ledger.violation("the witness saw no credential exchange") }
        // Every failure has a cause the run injected: a fault served to the service, or a revocation.
        let sessionLabels = ["MASV", "Spacelift", "Mudstack", "MetaKraftwerk"].flatMap { service in
            (0..<3).map { "\(service)[\($0)]" }
        }
        for failure in ledger.failures where explanation(of: failure) == nil {
            let audit = sessionLabels.firstIndex(of: failure.credential).map { audits[$0] }
            ledger.violation("\(failure.name): \(failure.error) at \(failure.end) (started \(failure.start)) "
                             + "with no injected fault or revocation to explain it; the session's events meanwhile: "
                             + (audit?.events(from: failure.start - .seconds(60), to: failure.end + .seconds(60))
                                .joined(separator: " | ") ?? "none"))
        }
        let leaks = emulator.masv.storage.credentialLeaks
        if leaks != 0 { ledger.violation("\(leaks) credentials reached MASV's storage origin") }
        return ledger.violations
    }

    private static func isQuiet(_ audits: [SessionAudit], clock: ManualClock) async -> Bool {
        guard clock.sleeperCount == 0 else { return false }
        for audit in audits {
            if let session = audit.session {
                let waiting = await session.waitingCallers
                let refreshing = await session.isRefreshing
                if waiting != 0 || refreshing { return false }
            } else if audit.refreshInFlight {
                return false
            }
        }
        return true
    }

    /// Launches bursts of concurrent operations (50 to 300 at once), with chaos between bursts.
    private func runWorkload() async {
        var generator = SeededGenerator(seed: seed)
        var launched = 0
        let launching = Flag()
        await withTaskGroup(of: Void.self) { group in
            // Chaos also strikes during bursts, every 0.1 to 3 s of virtual time, from its own seeded sequence.
            var chaosGenerator = SeededGenerator(seed: seed ^ 0xC4A0_5C4A_05C4_A05C)
            group.addTask {
                while !launching.isSet {
                    try? await clock.sleep(for: .milliseconds(Int.random(in: 100...3_000, using: &chaosGenerator)))
                    chaos(&chaosGenerator)
                }
            }
            defer { launching.set() }
            while launched < operations {
                for _ in 0..<Int.random(in: 1...4, using: &generator) { chaos(&generator) }
                let burst = min(operations - launched, Int.random(in: 50...300, using: &generator))
                for index in 0..<burst {
                    let operation = makeOperation(&generator, number: launched + index)
                    group.addTask { await perform(operation) }
                }
                launched += burst
                // Bursts overlap: the next one starts while many of this one are still waiting on faults.
                let pause = Duration.milliseconds(Int.random(in: 0...20_000, using: &generator))
                try? await clock.sleep(for: pause)
            }
        }
    }

    // MARK: Operations

    struct Operation: Sendable {
        var name: String
        var deadline: Duration
        /// The services the operation talks to.
        var services: [EmulatedServiceID]
        /// The credential it uses, as revocations name it (such as `Mudstack[2]`).
        var credential: String
        var body: @Sendable () async throws -> Void
    }

    /// Races one operation against its deadline on the virtual clock and records how it ended.
    private func perform(_ operation: Operation) async {
        enum Ending: Sendable { case finished(Result<Void, any Error>), deadline }
        let clock = clock
        let deadline = clock.now + operation.deadline
        driver.registerDeadline(deadline)
        defer { driver.unregisterDeadline(deadline) }
        let ending = await withTaskGroup(of: Ending.self) { group in
            group.addTask {
                do {
                    try await operation.body()
                    return .finished(.success(()))
                } catch {
                    return .finished(.failure(error))
                }
            }
            group.addTask {
                do { try await clock.sleep(until: deadline) } catch { return .finished(.success(())) }
                return .deadline
            }
            let first = await group.next() ?? .deadline
            group.cancelAll()
            return first
        }
        switch ending {
        case .finished(.success): ledger.succeeded(operation.name)
        case .finished(.failure(let error)):
            ledger.failed(operation.name, error, OperationFailure(
                name: operation.name, services: operation.services, credential: operation.credential,
                start: deadline - operation.deadline, end: clock.now, error: error))
        case .deadline: ledger.missedDeadline(operation.name, operation.deadline)
        }
        driver.tick()
    }

    /// A token with a caller's deadline of 20 s, registered with the driver so that virtual time does not jump
    /// to it while the refresh is merely waiting for a CPU.
    private func awaitToken(_ session: TokenSession) async throws -> AccessToken {
        let deadline = clock.now + .seconds(20)
        driver.registerDeadline(deadline)
        defer { driver.unregisterDeadline(deadline) }
        return try await session.token(deadline: deadline)
    }

    private func makeOperation(_ generator: inout SeededGenerator, number: Int) -> Operation {
        let roll = Int.random(in: 0..<100, using: &generator)
        let session = Int.random(in: 0..<3, using: &generator)
        let deadline = Self.operationDeadline
        switch roll {
        case 0..<20:
            let client = mudstack[session]
            let workspace = emulator.mudstack.seededWorkspaceID
            let asset = generator.pick(emulator.mudstack.seededAssetIDs)
            let kind = Int.random(in: 0..<5, using: &generator)
            return Operation(name: "Mudstack[\(session)] op \(kind)", deadline: deadline, services: [.mudstack],
                             credential: "Mudstack[\(session)]") {
                switch kind {
                case 0: _ = try await client.account.workspaces()
                case 1: _ = try await client.account.workspace(workspace).asset(asset)
                case 2: _ = try await client.account.workspace(workspace).folderHierarchy()
                case 3: _ = try await awaitToken(client.session)
                default: _ = try await client.account.members()
                }
            }
        case 20..<40:
            let client = spacelift[session]
            let stack = emulator.spacelift.stacks.first?.id ?? "missing-stack"
            let kind = Int.random(in: 0..<10, using: &generator)
            return Operation(name: "Spacelift[\(session)] op \(kind)", deadline: deadline, services: [.spacelift],
                             credential: "Spacelift[\(session)]") {
                switch kind {
                case 0..<4: _ = try await client.stacks()
                case 4..<7: _ = try await client.viewer()
                case 7: _ = try await client.stack(id: stack)
                case 8: _ = try await client.runTrigger(stack: stack)
                default: _ = try await client.refresh()
                }
            }
        case 40..<55:
            let index = session % 2
            let client = massdriver[index]
            let tokenClient = massdriverToken
            let organization = massdriverAccounts[index].organizationID
            let kind = Int.random(in: 0..<4, using: &generator)
            return Operation(name: "Massdriver[\(index)] op \(kind)", deadline: deadline, services: [.massdriver],
                             credential: kind == 2 ? "Massdriver token" : "Massdriver[\(index)]") {
                switch kind {
                case 0: _ = try await client.viewer()
                case 1:
                    var pages = 0
                    for try await _ in client.projects(organizationID: organization) {
                        pages += 1
                        if pages > 60 { break }
                    }
                case 2: _ = try await tokenClient.viewer()
                default: _ = try await client.server()
                }
            }
        case 55..<75:
            let client = metaKraftwerk[session]
            let name = emulator.metaKraftwerk.seededProjectName
            let kind = Int.random(in: 0..<4, using: &generator)
            return Operation(name: "MetaKraftwerk[\(session)] op \(kind)", deadline: deadline,
                             services: [.metaKraftwerk], credential: "MetaKraftwerk[\(session)]") {
                switch kind {
                case 0: _ = try await client.projects()
                case 1: _ = try await client.project(named: name, as: ViewerRole.self).builds()
                case 2: _ = try await client.project(named: name, as: BuilderRole.self).instances()
                default: _ = try await awaitToken(client.session)
                }
            }
        case 75..<78:
            return upload(&generator, session: session % 2, number: number)
        default:
            let client = masv[session]
            return Operation(name: "MASV[\(session)] teams", deadline: deadline, services: [.masv],
                             credential: "MASV[\(session)]") {
                _ = try await client.teams()
            }
        }
    }

    /// A MASV upload of 1 to 3 real temporary files (1 byte to 200 KiB, many chunks) through presigned storage;
    /// when it completes, every file must be byte-identical in the emulator's storage.
    private func upload(_ generator: inout SeededGenerator, session: Int, number: Int) -> Operation {
        let client = masv[session]
        let emulator = emulator
        let ledger = ledger
        let team = emulator.masv.seededTeamID
        var planned: [(URL, Data)] = []
        for file in 0..<Int.random(in: 1...3, using: &generator) {
            let size = Int.random(in: 1...200 * 1024, using: &generator)
            let words = (0..<(size + 7) / 8).map { _ in generator.next() }
            let bytes = words.withUnsafeBytes { Data($0.prefix(size)) }
            planned.append((directory.appendingPathComponent("upload-\(number)-\(file).bin"), bytes))
        }
        let files = planned
        let chunkSize = generator.pick([8 * 1024, 16 * 1024, 64 * 1024])
        let parallelism = Int.random(in: 1...6, using: &generator)
        let name = "MASV[\(session)] upload \(number)"
        return Operation(name: name, deadline: Self.uploadDeadline, services: [.masv, .masvStorage],
                         credential: "MASV[\(session)]") {
            for (url, bytes) in files { try bytes.write(to: url) }
            let upload = client.packages.upload(
                files.map(\.0), team: team, name: "chaos \(number)",
                options: UploadOptions(chunkSize: chunkSize, parallelism: parallelism,
                                       chunkRetryPolicy: RetryPolicy(maximumAttempts: 4, initialDelay: .milliseconds(200))))
            let package = try await upload.value
            let stored = Set(emulator.masv.fileIDs(packageID: package.id).compactMap {
                emulator.masv.fileContents(packageID: package.id, fileID: $0)
            })
            let written = Set(files.map(\.1))
            if stored != written {
                ledger.violation("\(name): completed, but storage holds \(stored.map(\.count).sorted()) bytes "
                                 + "for files of \(written.map(\.count).sorted()) bytes (not byte-identical)")
            } else {
                ledger.uploadCompleted(bytes: files.map(\.1.count).reduce(0, +))
            }
        }
    }

    // MARK: Chaos

    private static let services: [EmulatedServiceID] = [.masv, .masvStorage, .spacelift, .massdriver, .mudstack, .metaKraftwerk]
    private static let exchangePaths: [EmulatedServiceID: String] = [
        .masv: "/v1/auth", .spacelift: "/graphql", .mudstack: "/auth/token", .metaKraftwerk: "/authentication",
    ]

    /// One act of chaos: mostly a fault, sometimes server clock skew or a revocation.
    private func chaos(_ generator: inout SeededGenerator) {
        let roll = Int.random(in: 0..<100, using: &generator)
        switch roll {
        case 0..<80:
            let service = generator.pick(Self.services)
            let (fault, label) = Self.randomFault(&generator)
            let path = generator.chance(0.3) ? Self.exchangePaths[service] : nil
            let times = Int.random(in: 1...15, using: &generator)
            emulator.faults.inject(fault, on: service, path: path, times: times)
            ledger.injected(label)
        case 80..<90:
            let seconds = Int64.random(in: -180...180, using: &generator)
            emulator.skewServerClock(by: .seconds(seconds))
            ledger.acted("server clock skew")
        default:
            revoke(&generator)
        }
    }

    /// How long after its cause a failure may still surface: the longest backoff (60 s) after the circuit's
    /// window (60 s) and open time (30 s), with room for the retries and replays in between.
    static let causeMemory: Duration = .seconds(180)

    /// What explains `failure`, or `nil` when nothing the run injected does (a bug).
    func explanation(of failure: OperationFailure) -> String? {
        let since = failure.start - Self.causeMemory
        if witness.faultServed(to: failure.services, from: since, to: failure.end) { return "an injected fault" }
        if ledger.wasRevoked(failure.credential, from: since, to: failure.end) { return "a revocation" }
        if failure.credential == "Massdriver token", (failure.error as? AuthError)?.kind == .tokenExpired,
            failure.end >= massdriverTokenExpiry
        {
            return "the access token's own expiry"
        }
        return nil
    }

    private static func randomFault(_ generator: inout SeededGenerator) -> (EmulatorFault, String) {
        switch Int.random(in: 0..<7, using: &generator) {
        case 0: return (.latency(.milliseconds(Int.random(in: 1...3_000, using: &generator))), "latency")
        case 1:
            let status = generator.pick([400, 401, 403, 404, 408, 409, 500, 502, 503, 504])
            return (.status(status), "status \(status)")
        case 2: return (.rateLimited(retryAfter: Int.random(in: 0...5, using: &generator)), "429 Retry-After")
        case 3: return (.dropConnection, "dropped connection")
        case 4: return (.truncateBody, "truncated body")
        case 5: return (.malformedBody, "malformed body")
        default: return (.status(401), "status 401")
        }
    }

    /// Revokes a credential or the tokens issued for it. Only the third session of each service loses its
    /// credential for good (so the others keep working); Spacelift may also revoke every issued token.
    private func revoke(_ generator: inout SeededGenerator) {
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            emulator.spacelift.revokeIssuedTokens()
            ledger.acted("revoke Spacelift issued tokens")
            ledger.revoked((0..<3).map { "Spacelift[\($0)]" }, at: clock.now, permanently: false)
        case 1:
            emulator.spacelift.revokeAPIKey(id: spaceliftKeys[2].id)
            ledger.acted("revoke Spacelift API key")
            ledger.revoked(["Spacelift[2]"], at: clock.now, permanently: true)
        case 2:
            emulator.mudstack.revokeKey(id: mudstackKeys[2].id)
            ledger.acted("revoke Mudstack key")
            ledger.revoked(["Mudstack[2]"], at: clock.now, permanently: true)
        case 3:
            emulator.metaKraftwerk.revokeUser(email: metaKraftwerkUsers[2].email)
            ledger.acted("revoke MetaKraftwerk user")
            ledger.revoked(["MetaKraftwerk[2]"], at: clock.now, permanently: true)
        case 4:
            emulator.massdriver.revokeServiceAccount(id: massdriverAccounts[1].id)
            emulator.massdriver.revokeAccessToken(massdriverTokenSecret)
            ledger.acted("revoke Massdriver service account and access token")
            ledger.revoked(["Massdriver[1]", "Massdriver token"], at: clock.now, permanently: true)
        default:
            emulator.masv.addUser(EmailPassword(email: masvUsers[2].email, password: Secret("changed-\(generator.next())")))
            ledger.acted("change MASV password")
            ledger.revoked(["MASV[2]"], at: clock.now, permanently: true)
        }
    }
}

/// A one-way flag that tasks can share.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}
