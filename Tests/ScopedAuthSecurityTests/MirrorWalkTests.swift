import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// Walks `Mirror` recursively through a value and reports every path that reaches a secret: a string holding one,
/// a `Secret` whose value is one, or any `TokenSource` (which could be asked for a token).
struct MirrorWalk {
    let secrets: Set<String>
    private(set) var findings: [String] = []
    private var visited = Set<ObjectIdentifier>()

    init(secrets: Set<String>) {
        self.secrets = secrets.filter { $0.count >= 8 }
    }

    mutating func walk(_ value: Any, path: String, depth: Int = 0) {
        guard depth < 24 else { return }
        if type(of: value) is AnyClass {
            let id = ObjectIdentifier(value as AnyObject)
            guard visited.insert(id).inserted else { return }
        }
        if let secret = value as? Secret, secrets.contains(where: { secret.revealed.contains($0) }) {
            findings.append("\(path): a Secret holding a known secret")
        }
        if value is any TokenSource {
            findings.append("\(path): a token source (\(type(of: value)))")
        }
        if let text = value as? String, secrets.contains(where: { text.contains($0) }) {
            findings.append("\(path): a string holding a known secret")
        }
        var mirror: Mirror? = Mirror(reflecting: value)
        while let current = mirror {
            for (index, child) in current.children.enumerated() {
                walk(child.value, path: "\(path).\(child.label ?? "\(index)")", depth: depth + 1)
            }
            mirror = current.superclassMirror
        }
    }
}

extension SecretHygieneTests {
    /// Every public value the clients hand out, walked field by field with `Mirror`: no secret and no token source
    /// is reachable. The known secrets are the sentinel (as password, API key secret, link password and single-use
    /// credential) and every credential value the emulated services actually received.
    @Test func mirrorReachesNoSecretAndNoTokenSource() async throws {
        let emulator = Emulator(masvConfiguration: MASVConfiguration(minChunkSize: 1024, maxChunkSize: 4096))
        var handedOut: [(String, Any)] = []

        // MASV: a user client, a package of each access kind, an upload, a link and a transfer of each kind.
        let email = "mirror@example.com"
        _ = emulator.masv.addUser(EmailPassword(email: email, password: Secret(sentinel)))
        let masv = MASVClient(credential: .user(EmailPassword(email: email, password: Secret(sentinel))),
                              baseURL: emulator.origins.masv, transport: emulator.transport, clock: emulator.clock,
                              retryPolicy: .none)
        let keyed = MASVClient(credential: .apiKey(Secret(sentinel)), baseURL: emulator.origins.masv,
                               transport: emulator.transport, clock: emulator.clock, retryPolicy: .none)
        _ = try await masv.teams()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mirror-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.bin")
        try Data(repeating: 1, count: 2_000).write(to: file)
        let upload = masv.packages.upload([file], team: emulator.masv.seededTeamID, name: "mirror")
        let package = try await upload.value
        let link = try await package.createLink(email: nil, password: Secret(sentinel))
        let download = try await masv.links.open(id: link.id, secret: link.secret, password: Secret(sentinel))
        let transfer = try await package.startTransfer(toCloudConnection: emulator.masv.seededCloudConnectionID)
        let singleUse = SingleUseCredentials(provider: "amazon_s3", authorization: ["secret_access_key": Secret(sentinel)])
        let downloadTransfer = try await download.startTransfer(with: singleUse)
        // Use both transfer tokens, so that the service has received them and the walk knows them.
        _ = try await transfer.status()
        _ = try await downloadTransfer.status()
        handedOut += [("masv", masv), ("keyed", keyed), ("packages", masv.packages), ("portals", masv.portals),
                      ("links", masv.links), ("upload", upload), ("package", package), ("link", link),
                      ("download", download), ("transfer", transfer), ("downloadTransfer", downloadTransfer),
                      ("singleUse", singleUse), ("credential", MASVCredential.apiKey(Secret(sentinel)))]

        // Spacelift: a session client and a static-token client.
        let spacelift = try SpaceliftClient(
            credential: .apiKey(KeyAndSecret(id: emulator.spacelift.seededAPIKey.id, secret: emulator.spacelift.seededAPIKey.secret)),
            baseURL: emulator.origins.spacelift,
            transport: emulator.transport, clock: emulator.clock, retryPolicy: .none)
        _ = try await spacelift.viewer()
        handedOut.append(("spacelift", spacelift))

        // Massdriver, Mudstack, MetaKraftwerk: clients, scopes and handles after a successful call.
        let account = emulator.massdriver.seededServiceAccount
        let massdriver = MassdriverClient(
            credential: MassdriverServiceAccountSecret(organizationID: account.organizationID, secret: account.secret),
            baseURL: emulator.origins.massdriver, transport: emulator.transport, clock: emulator.clock, retryPolicy: .none)
        _ = try await massdriver.viewer()
        let mudstack = MudstackClient(credential: emulator.mudstack.seededKey, accountID: emulator.mudstack.seededAccountID,
                                      baseURL: emulator.origins.mudstack, transport: emulator.transport,
                                      clock: emulator.clock, retryPolicy: .none)
        let workspace = mudstack.account.workspace(emulator.mudstack.seededWorkspaceID)
        _ = try await workspace.asset(emulator.mudstack.seededAssetIDs[0])
        let kraftwerk = emulator.metaKraftwerk
        _ = kraftwerk.addUser(email: email, password: sentinel, permissions: [.readInstances, .readBuilds, .readDeliveries],
                            projectID: kraftwerk.seededProjectID)
        let metaKraftwerk = MetaKraftwerkClient(credential: EmailPassword(email: email, password: Secret(sentinel)),
                                                baseURL: emulator.origins.metaKraftwerk, transport: emulator.transport,
                                                clock: emulator.clock, retryPolicy: .none)
        let project = try await metaKraftwerk.project(id: kraftwerk.seededProjectID, as: ViewerRole.self)
        handedOut += [("massdriver", massdriver), ("mudstack", mudstack), ("account", mudstack.account),
                      ("workspace", workspace), ("metaKraftwerk", metaKraftwerk), ("project", project)]

        var secrets: Set<String> = [sentinel, emulator.spacelift.seededAPIKey.secret.revealed,
                                    emulator.mudstack.seededKey.secret.revealed, account.secret.revealed, link.secret.revealed]
        for service in [EmulatedServiceID.masv, .spacelift, .massdriver, .mudstack, .metaKraftwerk] {
            secrets.formUnion(Exposure.credentials(emulator, service))
        }
        var walk = MirrorWalk(secrets: secrets.subtracting([link.secret.revealed]))
        for (name, value) in handedOut { walk.walk(value, path: name) }
        #expect(walk.findings.isEmpty, "\(walk.findings.joined(separator: "\n"))")

        // The control: the walk does see a secret and a token source where they are plainly held.
        var control = MirrorWalk(secrets: [sentinel])
        control.walk((Secret(sentinel), StaticToken(Secret("x"))), path: "control")
        #expect(control.findings.count == 2)

        await masv.shutdown()
        await spacelift.shutdown()
        await mudstack.shutdown()
        await metaKraftwerk.shutdown()
    }
}
