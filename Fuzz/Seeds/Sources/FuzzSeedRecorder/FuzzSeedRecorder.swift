import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthSpacelift
import ScopedAuthTesting
import Synchronization

// Records the emulator's real answers as seeds of the decoder targets: it runs every client's operations against
// an emulator and writes each answer, framed as a `DecoderInput` (answer byte, status byte, headers, body), to
// Fuzz/Corpus/FuzzDecode<Service>/emulator-*. Run by `Fuzz/Seeds/make-seeds.sh` from the repository root; the
// output is committed.

/// The status table of `DecoderInput` (Fuzz/Sources/FuzzSupport/DecoderInput.swift): a status's byte is its index.
let statuses = [200, 200, 201, 204, 206, 400, 401, 403, 404, 408, 409, 416, 422, 429, 500, 503]

/// A fresh emulator like the fuzz targets' (small MASV chunks, so uploads take several).
func freshEmulator() -> Emulator {
    Emulator(clock: SystemAuthClock(), masvConfiguration: MASVConfiguration(minChunkSize: 16, maxChunkSize: 1024))
}

/// A transport that passes through to the emulator and keeps every answer whose request `answer` recognises.
final class Recorder: HTTPTransport {
    private let base: any HTTPTransport
    private let answer: @Sendable (HTTPRequest) -> [Int]
    private let recorded = Mutex<[(Int, HTTPResponse)]>([])

    init(_ base: any HTTPTransport, answer: @escaping @Sendable (HTTPRequest) -> [Int]) {
        self.base = base
        self.answer = answer
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        let answers = answer(request)
        recorded.withLock { recorded in for index in answers { recorded.append((index, response)) } }
        return response
    }

    /// Writes each recorded answer once per distinct (answer, status, body), at most six per answer (pages repeat
    /// one shape), to `Fuzz/Corpus/<target>`.
    func write(target: String) throws {
        var perAnswer: [Int: Int] = [:]
        let directory = URL(fileURLWithPath: "Fuzz/Corpus/\(target)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var seen = Set<Data>()
        for (index, response) in recorded.withLock({ $0 }) {
            var headerLines = ""
            for name in ["Date", "Retry-After", "Content-Type", "Content-Range", "ETag"] {
                if let value = response.headers[name] { headerLines += "\(name): \(value)\n" }
            }
            var header = Data(headerLines.utf8)
            if header.count > 255 { header = Data() }
            let statusByte = statuses.firstIndex(of: response.status)
                ?? max(128, min(255, 128 + (response.status - 100) / 4))
            var bytes = Data([UInt8(index), UInt8(statusByte), UInt8(header.count)])
            bytes.append(header)
            bytes.append(response.body)
            guard perAnswer[index, default: 0] < 6, seen.insert(bytes).inserted else { continue }
            perAnswer[index, default: 0] += 1
            let name = String(format: "emulator-%02d-%03d", index, seen.count)
            try bytes.write(to: directory.appendingPathComponent(name))
        }
        print("\(target): \(seen.count) seeds")
    }
}

/// The last path segments of a request, for matching.
func path(_ request: HTTPRequest) -> [Substring] { request.url.path.split(separator: "/") }

func body(_ request: HTTPRequest) -> String { request.body.map { String(decoding: $0, as: UTF8.self) } ?? "" }

/// Runs `operation`, ignoring its result: the answers are what is recorded.
func attempt(_ operation: () async throws -> Void) async {
    do { try await operation() } catch { print("  (recorder) an operation failed: \(error)") }
}

func recordMASV() async throws {
    let emulator = freshEmulator()
    let storageHost = emulator.origins.masvStorage.host
    // The order of MASVResponseDecoding.Answer.
    let recorder = Recorder(emulator.transport) { request in
        if request.url.host == storageHost { return request.method == .post ? [11] : request.method == .get ? [14] : [] }
        let p = path(request)
        switch (request.method, p.last ?? "") {
        case (.post, "auth"): return [0]
        case (.post, "packages") where p.contains("teams") || p.contains("portals"): return [1]
        case (.get, _) where p.count >= 2 && p[p.count - 2] == "packages" && p.contains("teams"): return [1]
        case (.get, _) where p.count >= 2 && p[p.count - 2] == "packages": return [2]
        case (.put, "expiry"): return [2]
        case (.post, "finalize") where p.count == 4: return [2]
        case (.get, "files"): return [3]
        case (.get, "download"): return [4]
        case (.post, "links"): return [5]
        case (.get, _) where p.count >= 2 && p[p.count - 2] == "links": return [6]
        case (.post, "transfer"): return [7]
        case (.get, _) where p.count >= 2 && p[p.count - 2] == "transfers": return [8]
        case (.post, "cancel"), (.post, "retry"): return [8]
        case (.get, "transfer"): return [9]
        case (.post, "files"): return [10]
        case (.post, _) where p.count >= 2 && p[p.count - 2] == "files": return [12]
        case (.get, _) where p.contains("subdomains"): return [13]
        default: return []
        }
    }
    let masv = emulator.masv
    let client = MASVClient(credential: .user(masv.seededUser), baseURL: emulator.origins.masv, transport: recorder,
                            clock: emulator.clock, retryPolicy: .none)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("scopedauth-seed-\(getpid()).bin")
    try Data((0..<40).map { UInt8($0) }).write(to: file)
    await attempt {
        _ = try await client.teams()
        let created = try await client.packages.create(team: masv.seededTeamID, name: "seed", description: "d")
        _ = try await client.packages.get(created.id, team: masv.seededTeamID)
        _ = try await created.details()
        _ = try await created.updateExpiry(.at(Date(timeIntervalSince1970: 2_000_000_000)))
        _ = try await created.files()
        _ = try await created.transfers()
        let uploaded = try await client.packages.upload([file], team: masv.seededTeamID, name: "seed").value
        let link = try await uploaded.createLink()
        let download = try await client.links.open(id: link.id, secret: link.secret)
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("scopedauth-seed-dl-\(getpid())")
        for file in try await download.files() {
            _ = try await download.downloadURL(for: file)
            _ = try await download.download(file: file, to: destination, rangeSize: 16)
        }
        try? FileManager.default.removeItem(at: destination)
        let transfer = try await uploaded.startTransfer(toCloudConnection: masv.seededCloudConnectionID)
        _ = try await transfer.status()
        _ = try await transfer.cancel()
        let portal = try await client.portals.resolve(subdomain: masv.seededPortalSubdomain)
        _ = try await client.portals.upload([file], portal: portal, name: "seed", sender: "seed@example.com").value
    }
    await client.shutdown()
    try? FileManager.default.removeItem(at: file)
    try recorder.write(target: "FuzzDecodeMASV")
}

func recordSpacelift() async throws {
    let emulator = freshEmulator()
    // The order of SpaceliftResponseDecoding.Answer; every answer also feeds the unauthorized check (2).
    let recorder = Recorder(emulator.transport) { request in
        let text = body(request)
        let word = ["apiKeyUser": 0, "oauthUser": 1, "viewer": 3, "stacks": 4, "stack(": 5, "runTrigger": 6]
            .first { text.contains($0.key) }
        return [2] + (word.map { [$0.value] } ?? [])
    }
    let client = try SpaceliftClient(
        credential: .apiKey(emulator.spacelift.seededAPIKey), baseURL: emulator.origins.spacelift, transport: recorder,
        clock: emulator.clock, retryPolicy: .none)
    await attempt {
        _ = try await client.viewer()
        let stacks = try await client.stacks()
        _ = try await client.stack(id: stacks.first?.id ?? "my-stack-1")
        _ = try await client.stack(id: "no-such-stack")
        _ = try await client.runTrigger(stack: stacks.first?.id ?? "my-stack-1", runType: .proposed)
    }
    await attempt { _ = try await client.runTrigger(stack: "no-such-stack") }
    await client.shutdown()
    let refused = try SpaceliftClient(
        credential: .apiKey(KeyAndSecret(id: "nope", secret: Secret("wrong"))), baseURL: emulator.origins.spacelift,
        transport: recorder, clock: emulator.clock, retryPolicy: .none)
    await attempt { _ = try await refused.viewer() }
    await refused.shutdown()
    try recorder.write(target: "FuzzDecodeSpacelift")
}

func recordMassdriver() async throws {
    let emulator = freshEmulator()
    // The order of MassdriverResponseDecoding.Answer.
    let recorder = Recorder(emulator.transport) { request in
        let text = body(request)
        return ["viewer": [0], "server": [1], "projects(": [2], "environments(": [3], "createProject": [4]]
            .first { text.contains($0.key) }?.value ?? []
    }
    let account = emulator.massdriver.seededServiceAccount
    let client = MassdriverClient(
        credential: MassdriverServiceAccountSecret(organizationID: account.organizationID, secret: account.secret),
        baseURL: emulator.origins.massdriver, transport: recorder, clock: emulator.clock, retryPolicy: .none)
    await attempt {
        _ = try await client.viewer()
        _ = try await client.server()
        for try await _ in client.projects(organizationID: account.organizationID, pageSize: 1) {}
        for try await _ in client.environments(organizationID: account.organizationID, pageSize: 1) {}
        _ = try await client.createProject(organizationID: account.organizationID, name: "seed", description: "d")
    }
    await attempt { _ = try await client.createProject(organizationID: account.organizationID, name: "") }
    await attempt { for try await _ in client.projects(organizationID: "no-such-org") {} }
    try recorder.write(target: "FuzzDecodeMassdriver")
}

func recordMudstack() async throws {
    let emulator = freshEmulator()
    let mudstack = emulator.mudstack
    // The order of MudstackResponseDecoding.Answer.
    let recorder = Recorder(emulator.transport) { request in
        let p = path(request).map(String.init)
        switch p {
        case ["auth", "token"]: return [0]
        case ["accounts"]: return [1]
        case ["accounts", "workspaces"]: return [2]
        case ["accounts", "members"], ["workspaces", "members"]: return [3]
        case ["accounts", "settings"]: return [4]
        case ["workspaces"]: return [5]
        case ["workspaces", "folders", "hierarchy"]: return [6]
        case let p where p.count == 3 && p[1] == "folders": return [7]
        case let p where p.count == 3 && p[1] == "assets" && p[2] == "getByIds": return [9]
        case let p where p.count == 3 && p[1] == "assets": return [8]
        case let p where p.last == "tasks": return [10]
        case let p where p.last == "history": return [11]
        default: return []
        }
    }
    let client = MudstackClient(
        credential: mudstack.seededKey, accountID: mudstack.seededAccountID, baseURL: emulator.origins.mudstack,
        transport: recorder, clock: emulator.clock, retryPolicy: .none)
    let workspace = client.account.workspace(mudstack.seededWorkspaceID)
    await attempt {
        _ = try await client.account.accounts()
        _ = try await client.account.workspaces()
        _ = try await client.account.members()
        _ = try await client.account.settings()
        _ = try await workspace.details()
        _ = try await workspace.members()
        _ = try await workspace.folderHierarchy()
        _ = try await workspace.folder(mudstack.seededFolderID)
        for asset in mudstack.seededAssetIDs {
            _ = try await workspace.asset(asset)
            _ = try await workspace.tasks(ofAsset: asset)
            _ = try await workspace.history(ofAsset: asset)
        }
        _ = try await workspace.assets(ids: mudstack.seededAssetIDs)
    }
    await attempt { _ = try await workspace.asset("no-such-asset") }
    await client.shutdown()
    try recorder.write(target: "FuzzDecodeMudstack")
}

func recordMetaKraftwerk() async throws {
    let emulator = freshEmulator()
    let kraftwerk = emulator.metaKraftwerk
    // The order of MetaKraftwerkResponseDecoding.Answer.
    let recorder = Recorder(emulator.transport) { request in
        let p = path(request).map(String.init)
        switch (request.method, p.dropFirst(2).first ?? p.last ?? "", p.count) {
        case (.post, _, 1): return [0]
        case (.get, "projects", 3): return [1]
        case (.get, "projects", _): return [2]
        case (.get, "builds", 3): return [3]
        case (_, "builds", _): return [4]
        case (.get, "downloads", 3): return [5]
        case (.get, "downloads", _): return [6]
        case (_, "instances", _): return [7]
        default: return []
        }
    }
    let client = MetaKraftwerkClient(
        credential: kraftwerk.seededUser, baseURL: emulator.origins.metaKraftwerk, transport: recorder,
        clock: emulator.clock, retryPolicy: .none)
    await attempt {
        _ = try await client.projects()
        _ = try await client.project(named: kraftwerk.seededProjectName, as: ViewerRole.self)
        let project = try await client.project(id: kraftwerk.seededProjectID, as: OwnerRole.self)
        let build = try await project.startBuild(patternIDs: kraftwerk.seededPatternIDs, description: "seed")
        _ = try await project.builds()
        _ = try await project.build(id: build.id)
        _ = try await project.instances()
        let rows: [[String: MetadataValue]] = [["name": "a", "size": 1, "ratio": 0.5, "on": true, "none": nil]]
        _ = try await project.uploadInstances([InstanceUpload(name: "seed", rows: rows)],
                                              patternID: kraftwerk.seededPatternIDs[0])
        for download in try await project.downloads(ofBuild: build.id) {
            let destination = FileManager.default.temporaryDirectory.appendingPathComponent("scopedauth-seed-mk-\(getpid())")
            _ = try await project.download(download, to: destination)
            try? FileManager.default.removeItem(at: destination)
        }
    }
    await attempt { _ = try await client.project(id: 999_999, as: ViewerRole.self) }
    await client.shutdown()
    try recorder.write(target: "FuzzDecodeMetaKraftwerk")
}

@main
struct FuzzSeedRecorder {
    static func main() async throws {
        try await recordMASV()
        try await recordSpacelift()
        try await recordMassdriver()
        try await recordMudstack()
        try await recordMetaKraftwerk()
    }
}
