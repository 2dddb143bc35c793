public import ScopedAuth

/// Builds: listing and watching need ``ProjectRole/ReadsBuilds``.
extension ProjectHandle where Role.ReadsBuilds == Granted {
    /// Lists the project's builds.
    ///
    /// ```swift
    /// let running = try await project.builds().filter { $0.status == .building }
    /// ```
    /// - Returns: The builds, oldest first as the server orders them.
    /// - Throws: ``ProjectPermissionError`` when the server finds `read_builds` missing, `AuthError`
    ///   for other failures.
    public func builds() async throws -> [ProjectBuild] {
        try await api.get(
            [ProjectBuild].self, ["builds"], query: [("project_id", String(id))], permission: .readBuilds,
            projectID: id)
    }

    /// The build with id `buildID` as it stands now.
    ///
    /// - Parameter buildID: The build's id.
    /// - Returns: The build.
    /// - Throws: `AuthError` of kind `notFound` for an unknown build or one of another project,
    ///   ``ProjectPermissionError`` when the server finds `read_builds` missing.
    public func build(id buildID: Int) async throws -> ProjectBuild {
        let build = try await api.get(
            ProjectBuild.self, ["builds", String(buildID)], permission: .readBuilds, projectID: id)
        guard build.projectID == id else {
            throw AuthError(
                .notFound, service: MetaKraftwerkClient.serviceName,
                detail: "build \(buildID) belongs to project \(build.projectID), not \(id)")
        }
        return build
    }

    /// Watches a build until it ends, polling its status on the client's clock.
    ///
    /// The sequence yields `build` first, then every change of status, progress or message, and finishes after
    /// yielding the build's final state (`FINISHED`, `FAILED` or `CANCELED`). A failed request ends it with
    /// that error; cancelling the consuming task stops the polling at once.
    ///
    /// ```swift
    /// for try await update in project.watch(build, every: .seconds(5)) {
    ///     if update.status == .failed { throw BuildFailed(update.message) }
    /// }
    /// ```
    /// - Parameters:
    ///   - build: The build, as ``startBuild(patternIDs:releaseIDs:description:)`` or ``builds()`` returned it.
    ///   - interval: The time between polls; 5 seconds unless given.
    /// - Returns: The build's updates.
    public func watch(_ build: ProjectBuild, every interval: Duration = .seconds(5)) -> BuildStatusUpdates {
        BuildStatusUpdates(initial: build, interval: interval, clock: api.clock) { [self] in
            try await self.build(id: build.id)
        }
    }
}

/// Builds: starting needs ``ProjectRole/WritesBuilds``.
extension ProjectHandle where Role.WritesBuilds == Granted {
    /// Starts a build of some of the project's patterns (`POST /api/v1/builds`).
    ///
    /// ```swift
    /// let build = try await project.startBuild(patternIDs: [808, 809], description: "nightly")
    /// ```
    /// - Parameters:
    ///   - patternIDs: The patterns to build; at least one, all of this project.
    ///   - releaseIDs: The releases to build, if any.
    ///   - description: A description shown with the build.
    /// - Returns: The new build, `BUILDING`.
    /// - Throws: ``ProjectPermissionError`` when the server finds `write_builds` missing, `AuthError`
    ///   for other failures.
    public func startBuild(
        patternIDs: [Int], releaseIDs: [Int] = [], description: String? = nil
    ) async throws -> ProjectBuild {
        return try await api.post(
            ProjectBuild.self, ["builds"],
            json: StartBuildBody(projectID: id, patterns: patternIDs, releases: releaseIDs, description: description),
            permission: .writeBuilds, projectID: id)
    }
}
