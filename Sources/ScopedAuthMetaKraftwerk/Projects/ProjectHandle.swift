/// A MetaKraftwerk project, typed by the role you hold in it.
///
/// Operations exist only where the permission they need is `Granted` by `Role`: instances on
/// ``ProjectRole/ReadsInstances`` and ``ProjectRole/WritesInstances``, builds on ``ProjectRole/ReadsBuilds`` and
/// ``ProjectRole/WritesBuilds``, results on ``ProjectRole/ReadsDeliveries``. A handle whose role lacks a
/// permission has no such method, so the mistake does not compile:
///
/// ```swift
/// let viewer = try await client.project(named: "DEMO_PROJECT", as: ViewerRole.self)
/// let builds = try await viewer.builds()                // fine
/// // try await viewer.startBuild(patternIDs: [808])     // error: 'ViewerRole.WritesBuilds' (aka 'Denied')
/// ```
///
/// A handle is evidence of a check: ``MetaKraftwerkClient/project(named:as:)`` and
/// ``MetaKraftwerkClient/project(id:as:)`` create one only after the server reported that the user holds every
/// permission `Role` grants. Only ``MetaKraftwerkClient/uncheckedProject(id:as:)`` skips that check, for servers
/// that do not report permissions. Handles are cheap values; they share the client's session.
public struct ProjectHandle<Role: ProjectRole>: Sendable, CustomStringConvertible {
    /// The project's id.
    public let id: Int
    /// The project's name.
    public let name: String

    let api: MetaKraftwerkAPI

    init(summary: ProjectSummary, api: MetaKraftwerkAPI) {
        id = summary.id
        name = summary.name
        self.api = api
    }

    /// The project and the role it is held with.
    public var description: String { "ProjectHandle<\(Role.self)>(\(id), \(name))" }
}
