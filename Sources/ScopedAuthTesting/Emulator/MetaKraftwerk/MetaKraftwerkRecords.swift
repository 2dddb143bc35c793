import Foundation

/// A MetaKraftwerk user with per-project permissions.
struct MetaKraftwerkUser {
    var id: Int
    var email: String
    var password: String
    var isRevoked = false
    var permissions: [Int: Set<MetaKraftwerkPermission.Kind>] = [:]

    var json: [String: Any] { ["id": id, "email": email] }

    func has(_ permission: MetaKraftwerkPermission.Kind, in projectID: Int) -> Bool {
        permissions[projectID]?.contains(permission) ?? false
    }
}

/// A project and its patterns.
struct MetaKraftwerkProject {
    var id: Int
    var name: String
    var patterns: [MetaKraftwerkPattern]

    var json: [String: Any] { ["id": id, "name": name, "deleted": false, "disabled": false] }

    /// The project as `user` sees it: with the user's `permissions` in it when the server reports them.
    func json(for user: MetaKraftwerkUser, reportingPermissions: Bool) -> [String: Any] {
        var json = json
        if reportingPermissions {
            let held = user.permissions[id] ?? []
            json["permissions"] = MetaKraftwerkPermission.Kind.allCases.filter(held.contains).map(\.rawValue)
        }
        return json
    }

    func pattern(_ id: Int) -> MetaKraftwerkPattern? { patterns.first { $0.id == id } }
}

/// A pattern of a project, which instances fill and builds generate.
struct MetaKraftwerkPattern {
    var id: Int
    var name: String
}

/// An instance of a pattern: named metadata rows, versioned on every upload.
struct MetaKraftwerkInstance {
    var id: Int
    var projectID: Int
    var patternID: Int
    var name: String
    var version: Int
    var userID: Int
    var latestCommitID: Int
    /// The rows as uploaded, kept serialised so the state stays a plain value.
    var rows: Data

    var json: [String: Any] {
        [
            "id": id, "customer_id": 1, "name": name, "project_id": projectID, "pattern_id": patternID,
            "errors": NSNull(), "instance_folder_id": NSNull(), "version": version, "description": "",
            "release_id": NSNull(), "identity_id": id, "user_id": userID, "latest_commit_id": latestCommitID,
            "labels": [Any](), "rows": (try? JSONSerialization.jsonObject(with: rows)) ?? [Any](),
        ]
    }
}

/// A build: BUILDING until its duration passes, then its outcome.
struct MetaKraftwerkBuild {
    enum Status: String {
        case building = "BUILDING"
        case finished = "FINISHED"
        case failed = "FAILED"
    }

    var id: Int
    var userID: Int
    var projectID: Int
    var patternIDs: [Int]
    var releaseIDs: [Int]
    var instanceIDs: [Int]
    var description: String?
    var startedAt: Date
    var duration: TimeInterval
    var outcome: MetaKraftwerkBuildOutcome = .finished
    /// Set by a test hook: the build fails with this message the next time the emulator looks at it.
    var pendingFailure: String?
    var status: Status = .building
    var endedAt: Date?
    var message = ""
    var downloadIDs: [Int] = []

    /// The progress percentage at `date`: linear over the duration while building, frozen when it ended.
    func progress(at date: Date) -> Int {
        if status == .finished { return 100 }
        guard duration > 0 else { return 0 }
        let elapsed = (endedAt ?? date).timeIntervalSince(startedAt)
        return min(99, max(0, Int(elapsed / duration * 100)))
    }

    func json(now: Date, downloads: [[String: Any]]) -> [String: Any] {
        let updatedAt = endedAt ?? startedAt
        return [
            "id": id, "customer_id": 1, "user_id": userID, "project_id": projectID, "progress": progress(at: now),
            "status": status.rawValue, "message": message, "build_start": startedAt.javaScriptISOString,
            "build_end": endedAt?.javaScriptISOString ?? NSNull(), "created_at": startedAt.javaScriptISOString,
            "updated_at": updatedAt.javaScriptISOString, "history_commited": status == .finished, "version": 1,
            "active": true, "mts": NSNull(), "name": "Build \(id)", "deliveries_calculated": status == .finished,
            "description": description ?? NSNull(), "commit_ind": false, "deleted": false,
            "instances": instanceIDs, "patterns": patternIDs, "releases": releaseIDs, "downloads": downloads,
        ]
    }
}

/// One result file of a finished build: one per pattern built.
struct MetaKraftwerkDownload {
    var id: Int
    var buildID: Int
    var projectID: Int
    var patternID: Int
    var uploadID: Int
    var name: String
    var fileName: String
    /// The file's bytes: deterministic text naming the build, pattern and project, so a test can compare them.
    var contents: Data

    var json: [String: Any] {
        [
            "id": id, "customer_id": 1, "pattern_id": patternID, "name": name, "file_name": fileName,
            "type": "IICS", "build_id": buildID, "project_id": projectID, "version": 1, "upload_id": uploadID,
            "file_id": NSNull(), "downloaded": 0, "instance_id": NSNull(),
        ]
    }
}

/// An access token minted by `POST /authentication`, with the claims Feathers puts in it.
struct MetaKraftwerkIssuedToken {
    var userID: Int
    var issuedAt: Int
    var expiresAt: Int
    var audience: String
    var tokenID: String

    var payloadJSON: [String: Any] {
        ["iat": issuedAt, "exp": expiresAt, "aud": audience, "iss": "feathers", "sub": String(userID), "jti": tokenID]
    }
}
