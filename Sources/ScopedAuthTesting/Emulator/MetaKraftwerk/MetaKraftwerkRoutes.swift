import Foundation
import ScopedAuth

/// MetaKraftwerk's `/api/v1` routes: projects, instances, builds and downloads, each guarded by its
/// per-project permission.
extension MetaKraftwerkEmulator {
    func route(
        _ request: EmulatorRequest, context: EmulatorContext, state: inout MetaKraftwerkState
    ) throws(FeathersError) -> HTTPResponse {
        let path = request.pathComponents
        if path == ["authentication"] {
            guard request.method == .post else { throw .methodNotAllowed(request.method.rawValue) }
            return try authenticate(request, context: context, state: &state)
        }
        guard path.count > 2, path[0] == "api", path[1] == "v1" else { throw .notFound("Page not found") }
        let user = try authorize(request, context: context, state: state)
        state.settleBuilds(now: context.now)
        let service = path[2]
        let rest = Array(path.dropFirst(3))
        switch (request.method, service, rest.count) {
        case (.get, "projects", 0):
            var projects = state.projects.values.sorted { $0.id < $1.id }
            if let name = request.query["name"] { projects = projects.filter { $0.name == name } }
            return .json(projects.map { $0.json(for: user, reportingPermissions: state.reportsPermissions) })
        case (.get, "projects", 1):
            return .json(
                try project(id: rest[0], state: state).json(for: user, reportingPermissions: state.reportsPermissions))
        case (.get, "instances", 0):
            return try listInstances(request, user: user, state: state)
        case (.post, "instances", 0):
            return try uploadInstances(request, user: user, state: &state)
        case (.get, "builds", 0):
            return try listBuilds(request, user: user, context: context, state: state)
        case (.post, "builds", 0):
            return try startBuild(request, user: user, context: context, state: &state)
        case (.get, "builds", 1):
            let build = try self.build(id: rest[0], state: state)
            try require(.readBuilds, of: user, in: build.projectID)
            return .json(buildJSON(build, now: context.now, state: state))
        case (.get, "downloads", 0):
            return try listDownloads(request, user: user, state: state)
        case (.get, "downloads", 1...2) where rest.count == 1 || rest[1] == "file":
            guard let id = Int(rest[0]), let download = state.downloads[id] else {
                throw .notFound("No record found for id '\(rest[0])'")
            }
            try require(.readDeliveries, of: user, in: download.projectID)
            guard rest.count == 2 else { return .json(download.json) }
            return HTTPResponse(
                status: 200,
                headers: [
                    "Content-Type": "application/octet-stream",
                    "Content-Disposition": "attachment; filename=\"\(download.name)\"",
                ],
                body: download.contents)
        case (_, "projects", 0...1), (_, "instances", 0), (_, "builds", 0...1), (_, "downloads", 0...2):
            throw .methodNotAllowed(request.method.rawValue)
        default:
            throw .notFound("Page not found")
        }
    }

    // MARK: Instances

    private func listInstances(
        _ request: EmulatorRequest, user: MetaKraftwerkUser, state: MetaKraftwerkState
    ) throws(FeathersError) -> HTTPResponse {
        let project: MetaKraftwerkProject
        switch (request.query["project"], request.query["project_id"]) {
        case (let name?, nil):
            guard let named = state.projects.values.first(where: { $0.name == name }) else {
                throw .notFound("Project '\(name)' not found")
            }
            project = named
        case (nil, let id?):
            guard Int(id) != nil else { throw .badRequest("'project_id' must be an integer") }
            project = try self.project(id: id, state: state)
        default:
            throw .badRequest("Exactly one of 'project' or 'project_id' is required")
        }
        try require(.readInstances, of: user, in: project.id)
        var instances = state.instances.values.filter { $0.projectID == project.id }
        if let patternID = request.query["pattern_id"] {
            guard let patternID = Int(patternID) else { throw .badRequest("'pattern_id' must be an integer") }
            instances = instances.filter { $0.patternID == patternID }
        }
        if let name = request.query["name"] { instances = instances.filter { $0.name == name } }
        return .json(instances.sorted { $0.id < $1.id }.map(\.json))
    }

    private func uploadInstances(
        _ request: EmulatorRequest, user: MetaKraftwerkUser, state: inout MetaKraftwerkState
    ) throws(FeathersError) -> HTTPResponse {
        guard let body = request.jsonObject() else { throw .badRequest("Invalid JSON body") }
        let project = try writableProject(body, permission: .writeInstances, user: user, state: state)
        guard let patternID = body["pattern_id"] as? Int else { throw .badRequest("'pattern_id' is required") }
        guard project.pattern(patternID) != nil else {
            throw .badRequest("Pattern \(patternID) does not belong to project \(project.id)")
        }
        guard let entries = body["instances"] as? [Any], !entries.isEmpty else {
            throw .badRequest("'instances' must be a non-empty array")
        }
        var uploads: [(name: String, rows: Data)] = []
        for (index, entry) in entries.enumerated() {
            guard let entry = entry as? [String: Any], let name = entry["name"] as? String, !name.isEmpty else {
                throw .badRequest("'instances[\(index)].name' is required")
            }
            let rows = entry["rows"] ?? [Any]()
            guard let rowObjects = rows as? [Any], rowObjects.allSatisfy({ $0 is [String: Any] }),
                let data = try? JSONSerialization.data(withJSONObject: rowObjects, options: [.sortedKeys])
            else { throw .badRequest("'instances[\(index)].rows' must be an array of objects") }
            uploads.append((name, data))
        }
        let saved = uploads.map { upload in
            state.upsertInstance(
                projectID: project.id, patternID: patternID, name: upload.name, rows: upload.rows, userID: user.id)
        }
        return .json(status: 201, saved.map(\.json))
    }

    // MARK: Builds

    private func listBuilds(
        _ request: EmulatorRequest, user: MetaKraftwerkUser, context: EmulatorContext, state: MetaKraftwerkState
    ) throws(FeathersError) -> HTTPResponse {
        var builds: [MetaKraftwerkBuild]
        switch (request.query["project"], request.query["project_id"]) {
        case (nil, nil):
            builds = state.builds.values.filter { user.has(.readBuilds, in: $0.projectID) }
        case (let name?, nil):
            guard let project = state.projects.values.first(where: { $0.name == name }) else {
                throw .notFound("Project '\(name)' not found")
            }
            try require(.readBuilds, of: user, in: project.id)
            builds = state.builds.values.filter { $0.projectID == project.id }
        case (nil, let id?):
            let project = try self.project(id: id, state: state)
            try require(.readBuilds, of: user, in: project.id)
            builds = state.builds.values.filter { $0.projectID == project.id }
        case (.some, .some):
            throw .badRequest("Give either 'project' or 'project_id', not both")
        }
        if let patternID = request.query["pattern_id"].flatMap(Int.init) {
            builds = builds.filter { $0.patternIDs.contains(patternID) }
        }
        return .json(builds.sorted { $0.id < $1.id }.map { buildJSON($0, now: context.now, state: state) })
    }

    private func startBuild(
        _ request: EmulatorRequest, user: MetaKraftwerkUser, context: EmulatorContext,
        state: inout MetaKraftwerkState
    ) throws(FeathersError) -> HTTPResponse {
        guard let body = request.jsonObject() else { throw .badRequest("Invalid JSON body") }
        let project = try writableProject(body, permission: .writeBuilds, user: user, state: state)
        guard let patternIDs = body["patterns"] as? [Int], !patternIDs.isEmpty else {
            throw .badRequest("'patterns' must be a non-empty array of pattern ids")
        }
        if let foreign = patternIDs.first(where: { project.pattern($0) == nil }) {
            throw .badRequest("Pattern \(foreign) does not belong to project \(project.id)")
        }
        let releaseIDs: [Int]
        switch body["releases"] {
        case nil, is NSNull: releaseIDs = []
        case let ids as [Int]: releaseIDs = ids
        default: throw .badRequest("'releases' must be an array of release ids")
        }
        let description: String?
        switch body["description"] {
        case nil, is NSNull: description = nil
        case let text as String: description = text
        default: throw .badRequest("'description' must be a string")
        }
        let build = state.startBuild(
            userID: user.id, projectID: project.id, patternIDs: patternIDs, releaseIDs: releaseIDs,
            description: description, now: context.now)
        return .json(status: 201, buildJSON(build, now: context.now, state: state))
    }

    private func buildJSON(_ build: MetaKraftwerkBuild, now: Date, state: MetaKraftwerkState) -> [String: Any] {
        build.json(now: now, downloads: build.downloadIDs.compactMap { state.downloads[$0]?.json })
    }

    // MARK: Downloads

    private func listDownloads(
        _ request: EmulatorRequest, user: MetaKraftwerkUser, state: MetaKraftwerkState
    ) throws(FeathersError) -> HTTPResponse {
        guard let text = request.query["build_id"] else { throw .badRequest("'build_id' is required") }
        guard Int(text) != nil else { throw .badRequest("'build_id' must be an integer") }
        let build = try self.build(id: text, state: state)
        try require(.readDeliveries, of: user, in: build.projectID)
        var downloads = build.downloadIDs.compactMap { state.downloads[$0] }
        if let patternID = request.query["pattern_id"].flatMap(Int.init) {
            downloads = downloads.filter { $0.patternID == patternID }
        }
        return .json(downloads.map(\.json))
    }

    // MARK: Lookups and permission checks

    private func project(id text: String, state: MetaKraftwerkState) throws(FeathersError) -> MetaKraftwerkProject {
        guard let id = Int(text), let project = state.projects[id] else {
            throw .notFound("No record found for id '\(text)'")
        }
        return project
    }

    private func build(id text: String, state: MetaKraftwerkState) throws(FeathersError) -> MetaKraftwerkBuild {
        guard let id = Int(text), let build = state.builds[id] else {
            throw .notFound("No record found for id '\(text)'")
        }
        return build
    }

    /// The project named by a body's `project_id`, once the user is known to hold `permission` on it.
    private func writableProject(
        _ body: [String: Any], permission: MetaKraftwerkPermission.Kind, user: MetaKraftwerkUser,
        state: MetaKraftwerkState
    ) throws(FeathersError) -> MetaKraftwerkProject {
        guard let projectID = body["project_id"] as? Int else { throw .badRequest("'project_id' is required") }
        let project = try self.project(id: String(projectID), state: state)
        try require(permission, of: user, in: project.id)
        return project
    }

    private func require(
        _ permission: MetaKraftwerkPermission.Kind, of user: MetaKraftwerkUser, in projectID: Int
    ) throws(FeathersError) {
        guard user.has(permission, in: projectID) else { throw .forbidden(missing: permission) }
    }
}
