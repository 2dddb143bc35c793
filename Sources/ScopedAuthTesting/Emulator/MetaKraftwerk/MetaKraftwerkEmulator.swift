public import Foundation
public import ScopedAuth

/// An in-process model of MetaKraftwerk's FeathersJS REST API (`https://app.metakraftwerk.com`), as
/// SERVICES.md sections 5 and 7 describe it.
///
/// `POST /authentication` with the `local` strategy answers 201 with a one-day HS256 access token (header
/// `typ: "access"`, claims `sub`, `jti`, `iat`, `exp`, `aud`, `iss: "feathers"`); the `jwt` strategy answers the
/// same token without extending it. Every `/api/v1/*` route needs `Authorization: Bearer`. Errors are Feathers
/// errors `{name, message, code, className[, data]}`; an expired token answers 401 `jwt expired` with
/// `data.expiredAt`, and a missing per-project permission answers 403 `Forbidden` with `data.permission`.
///
/// Builds run on the service's clock: `BUILDING` with linear progress for ``buildDuration`` (30 seconds unless
/// changed), then `FINISHED` with one download per pattern, or `FAILED` when a test said so with
/// ``setOutcome(_:ofBuild:)`` or ``failBuild(_:message:)``.
///
/// The emulator starts seeded: ``seededUser`` holds every permission on ``seededProjectID`` (`DEMO_PROJECT`,
/// patterns ``seededPatternIDs`` with instances), ``readOnlyUser`` holds only the read permissions there, and
/// ``otherProjectID`` is a project on which neither has any permission.
///
/// ```swift
/// let metaKraftwerk = MetaKraftwerkEmulator()
/// metaKraftwerk.buildDuration = .seconds(5)
/// metaKraftwerk.setPermissions([.readBuilds], email: metaKraftwerk.seededUser.email,
///                              projectID: metaKraftwerk.seededProjectID)
/// ```
///
/// Projects are listed and read by any signed-in user, each with that user's `permissions` in it (SERVICES.md
/// section 7; ``reportsPermissions`` turns that off to play a server that does not report them); the
/// permissions guard instances, builds and downloads.
/// A revoked user can no longer sign in, and the tokens it holds answer 401.
public final class MetaKraftwerkEmulator: EmulatedService, Sendable {
    /// Always ``EmulatedServiceID/metaKraftwerk``.
    public var id: EmulatedServiceID { .metaKraftwerk }

    /// A user with every permission on ``seededProjectID``.
    public let seededUser: EmailPassword
    /// The id of ``seededUser`` (its tokens' `sub`).
    public let seededUserID: Int
    /// A user with only ``MetaKraftwerkPermission/readOnly`` on ``seededProjectID``, for 403 tests.
    public let readOnlyUser: EmailPassword
    /// The seeded project, `DEMO_PROJECT`.
    public let seededProjectID: Int
    /// The seeded project's name, `DEMO_PROJECT`.
    public let seededProjectName: String
    /// The seeded project's patterns; each has instances.
    public let seededPatternIDs: [Int]
    /// A second project, `OTHER_PROJECT`, on which the seeded users have no permission.
    public let otherProjectID: Int

    let state: LockedValue<MetaKraftwerkState>

    /// Creates an emulator holding the seeded users, projects, patterns and instances.
    public init() {
        var seed = MetaKraftwerkState()
        seededProjectName = "DEMO_PROJECT"
        seededProjectID = seed.addProject(name: seededProjectName, patternNames: ["CORE_DV_HLS", "CORE_DV_SAT"])
        seededPatternIDs = seed.projects[seededProjectID]?.patterns.map(\.id) ?? []
        otherProjectID = seed.addProject(name: "OTHER_PROJECT", patternNames: ["STAGING"])
        seededUser = EmailPassword(email: "api.user@metakraftwerk.test", password: Secret("demo-password"))
        seededUserID = seed.addUser(email: seededUser.email, password: seededUser.password.revealed)
        seed.users[seededUserID]?.permissions[seededProjectID] = Set(MetaKraftwerkPermission.Kind.allCases)
        readOnlyUser = EmailPassword(email: "reader@metakraftwerk.test", password: Secret("reader-password"))
        let readerID = seed.addUser(email: readOnlyUser.email, password: readOnlyUser.password.revealed)
        seed.users[readerID]?.permissions[seededProjectID] = Set(MetaKraftwerkPermission.readOnly.map(\.kind))
        let seededInstances = [
            ("CUSTOMER", seededPatternIDs.first), ("ORDER", seededPatternIDs.first),
            ("CUSTOMER", seededPatternIDs.last),
        ]
        for (name, patternID) in seededInstances {
            guard let patternID else { continue }
            let rows = #"[{"column":"ID","type":"NUMBER"},{"column":"NAME","type":"VARCHAR"}]"#
            _ = seed.upsertInstance(
                projectID: seededProjectID, patternID: patternID, name: name, rows: Data(rows.utf8),
                userID: seededUserID)
        }
        state = LockedValue(seed)
    }

    /// How long access tokens minted from now on live; one day (Feathers' default) unless changed.
    public var tokenLifetime: Duration {
        get { state.withLock { $0.tokenLifetime } }
        set { state.withLock { $0.tokenLifetime = newValue } }
    }

    /// How long builds started from now on stay `BUILDING`; 30 seconds unless changed.
    public var buildDuration: Duration {
        get { state.withLock { $0.buildDuration } }
        set { state.withLock { $0.buildDuration = newValue } }
    }

    /// Whether `GET /api/v1/projects` and `GET /api/v1/projects/{id}` list the signed-in user's `permissions` in
    /// each project; `true` unless changed. Set it to `false` to emulate a server that omits the field.
    public var reportsPermissions: Bool {
        get { state.withLock { $0.reportsPermissions } }
        set { state.withLock { $0.reportsPermissions = newValue } }
    }

    /// Adds a user, or resets the password of the user with that email and restores it if revoked.
    ///
    /// - Parameters:
    ///   - email: The sign-in email (compared case-insensitively).
    ///   - password: The sign-in password.
    ///   - permissions: The permissions to grant on `projectID`.
    ///   - projectID: The project the permissions apply to; `nil` grants nothing.
    /// - Returns: The user's id.
    @discardableResult
    public func addUser(
        email: String, password: String, permissions: Set<MetaKraftwerkPermission> = [], projectID: Int? = nil
    ) -> Int {
        state.withLock { state in
            let userID = state.addUser(email: email, password: password)
            if let projectID { state.users[userID]?.permissions[projectID] = Set(permissions.map(\.kind)) }
            return userID
        }
    }

    /// Replaces a user's permissions on one project.
    ///
    /// - Parameters:
    ///   - permissions: The permissions the user holds on `projectID` from now on.
    ///   - email: The user's email; an unknown email is ignored.
    ///   - projectID: The project.
    public func setPermissions(_ permissions: Set<MetaKraftwerkPermission>, email: String, projectID: Int) {
        state.withLock { state in
            guard let userID = state.user(email: email)?.id else { return }
            state.users[userID]?.permissions[projectID] = Set(permissions.map(\.kind))
        }
    }

    /// Revokes a user: sign-in answers 401 `Invalid login` and the user's tokens answer 401.
    ///
    /// - Parameter email: The user's email; an unknown email is ignored.
    public func revokeUser(email: String) {
        state.withLock { state in
            guard let userID = state.user(email: email)?.id else { return }
            state.users[userID]?.isRevoked = true
        }
    }

    /// Adds a project with patterns and no instances.
    ///
    /// - Parameters:
    ///   - name: The project's name.
    ///   - patternNames: The names of its patterns; ``patternIDs(projectID:)`` returns their ids in this order.
    /// - Returns: The project's id.
    @discardableResult
    public func addProject(name: String, patternNames: [String]) -> Int {
        state.withLock { $0.addProject(name: name, patternNames: patternNames) }
    }

    /// The ids of a project's patterns, or an empty array for an unknown project.
    public func patternIDs(projectID: Int) -> [Int] {
        state.withLock { $0.projects[projectID]?.patterns.map(\.id) ?? [] }
    }

    /// Decides how a running build ends once its duration has passed.
    ///
    /// It has no effect on a build the emulator has already seen end.
    /// - Parameters:
    ///   - outcome: ``MetaKraftwerkBuildOutcome/finished`` or ``MetaKraftwerkBuildOutcome/failed(message:)``.
    ///   - buildID: The build's id; an unknown id is ignored.
    public func setOutcome(_ outcome: MetaKraftwerkBuildOutcome, ofBuild buildID: Int) {
        state.withLock { $0.builds[buildID]?.outcome = outcome }
    }

    /// Makes a running build fail now: the next request that looks at it sees `FAILED` with `message`.
    ///
    /// It has no effect on a build the emulator has already seen end.
    /// - Parameters:
    ///   - buildID: The build's id; an unknown id is ignored.
    ///   - message: The build's `message` field.
    public func failBuild(_ buildID: Int, message: String = "Build failed") {
        state.withLock { $0.builds[buildID]?.pendingFailure = message }
    }

    /// The bytes `GET /api/v1/downloads/{id}/file` answers, or `nil` for an unknown download.
    public func fileContents(ofDownload downloadID: Int) -> Data? {
        state.withLock { $0.downloads[downloadID]?.contents }
    }

    /// Answers one request against the emulator's state.
    package func respond(to request: EmulatorRequest, context: EmulatorContext) -> HTTPResponse {
        do throws(FeathersError) {
            return try state.withLock { state throws(FeathersError) in
                try route(request, context: context, state: &state)
            }
        } catch {
            return HTTPResponse.json(status: error.code, error.json)
        }
    }

    /// A Feathers error `{name, message, code, className}` for `status`.
    package func errorResponse(status: Int, message: String) -> HTTPResponse {
        HTTPResponse.json(status: status, FeathersError(code: status, message: message).json)
    }
}
