import Foundation
import ScopedAuth

/// Everything the MetaKraftwerk emulator knows, with the identifier counters that keep it reproducible.
struct MetaKraftwerkState {
    var users: [Int: MetaKraftwerkUser] = [:]
    var projects: [Int: MetaKraftwerkProject] = [:]
    var instances: [Int: MetaKraftwerkInstance] = [:]
    var builds: [Int: MetaKraftwerkBuild] = [:]
    var downloads: [Int: MetaKraftwerkDownload] = [:]
    var tokens: [String: MetaKraftwerkIssuedToken] = [:]
    var tokenLifetime: Duration = .seconds(86_400)
    var buildDuration: Duration = .seconds(30)
    var reportsPermissions = true

    private var lastUserID = 0
    private var lastProjectID = 401
    private var lastPatternID = 807
    private var lastInstanceID = 1_000
    private var lastBuildID = 5_138
    private var lastDownloadID = 5_441
    private var lastUploadID = 1_358
    private var lastCommitID = 0

    func user(email: String) -> MetaKraftwerkUser? {
        users.values.first { $0.email.caseInsensitiveCompare(email) == .orderedSame }
    }

    mutating func addUser(email: String, password: String) -> Int {
        if let existing = user(email: email) {
            users[existing.id]?.password = password
            users[existing.id]?.isRevoked = false
            return existing.id
        }
        lastUserID += 1
        users[lastUserID] = MetaKraftwerkUser(id: lastUserID, email: email, password: password)
        return lastUserID
    }

    mutating func addProject(name: String, patternNames: [String]) -> Int {
        lastProjectID += 1
        let patterns = patternNames.map { name in
            lastPatternID += 1
            return MetaKraftwerkPattern(id: lastPatternID, name: name)
        }
        projects[lastProjectID] = MetaKraftwerkProject(id: lastProjectID, name: name, patterns: patterns)
        return lastProjectID
    }

    /// Creates the instance named `name` of a pattern, or gives the existing one a new version.
    mutating func upsertInstance(projectID: Int, patternID: Int, name: String, rows: Data, userID: Int)
        -> MetaKraftwerkInstance
    {
        lastCommitID += 1
        if var existing = instances.values.first(where: {
            $0.projectID == projectID && $0.patternID == patternID && $0.name == name
        }) {
            existing.version += 1
            existing.rows = rows
            existing.userID = userID
            existing.latestCommitID = lastCommitID
            instances[existing.id] = existing
            return existing
        }
        lastInstanceID += 1
        let instance = MetaKraftwerkInstance(
            id: lastInstanceID, projectID: projectID, patternID: patternID, name: name, version: 1, userID: userID,
            latestCommitID: lastCommitID, rows: rows)
        instances[instance.id] = instance
        return instance
    }

    mutating func startBuild(
        userID: Int, projectID: Int, patternIDs: [Int], releaseIDs: [Int], description: String?, now: Date
    ) -> MetaKraftwerkBuild {
        lastBuildID += 1
        let instanceIDs = instances.values.filter { $0.projectID == projectID && patternIDs.contains($0.patternID) }
            .map(\.id).sorted()
        let build = MetaKraftwerkBuild(
            id: lastBuildID, userID: userID, projectID: projectID, patternIDs: patternIDs, releaseIDs: releaseIDs,
            instanceIDs: instanceIDs, description: description, startedAt: now,
            duration: buildDuration.seconds)
        builds[build.id] = build
        return build
    }

    /// Moves every running build to where the clock says it is: failed by a test hook, or past its duration and
    /// so ended with its outcome (a finished build gets its downloads).
    mutating func settleBuilds(now: Date) {
        for var build in builds.values where build.status == .building {
            let end = build.startedAt.addingTimeInterval(build.duration)
            if let failure = build.pendingFailure {
                build.status = .failed
                build.endedAt = min(now, end)
                build.message = failure
            } else if now >= end {
                build.endedAt = end
                switch build.outcome.kind {
                case .finished:
                    build.status = .finished
                    build.message = "Build finished"
                    build.downloadIDs = build.patternIDs.map { addDownload(for: build, patternID: $0) }
                case .failed(let message):
                    build.status = .failed
                    build.message = message
                }
            } else {
                continue
            }
            builds[build.id] = build
        }
    }

    private mutating func addDownload(for build: MetaKraftwerkBuild, patternID: Int) -> Int {
        lastDownloadID += 1
        lastUploadID += 1
        let projectName = projects[build.projectID]?.name ?? "PROJECT"
        let patternName = projects[build.projectID]?.pattern(patternID)?.name ?? "PATTERN"
        let stamp = (build.endedAt ?? build.startedAt).javaScriptISOString.prefix(10)
        let contents = "MetaKraftwerk build \(build.id) pattern \(patternID) \(patternName) project \(projectName)\n"
        downloads[lastDownloadID] = MetaKraftwerkDownload(
            id: lastDownloadID, buildID: build.id, projectID: build.projectID, patternID: patternID,
            uploadID: lastUploadID, name: "\(patternName)_\(stamp).zip",
            fileName: "/files/results/\(build.id)_\(patternID)_iics_\(patternName.lowercased()).zip",
            contents: Data(contents.utf8))
        return lastDownloadID
    }
}
