/// A MetaKraftwerk project, typed by the role you hold in it.
///
/// Operations exist only where `Role` conforms to the permission they need: instances on ``ReadsInstances`` and
/// ``WritesInstances``, builds on ``ReadsBuilds`` and ``WritesBuilds``, results on ``ReadsDeliveries``. A handle
/// whose role lacks a permission has no such method, so the mistake does not compile:
///
/// ```swift
/// let viewer = try await client.project(named: "DEMO_PROJECT", as: ViewerRole.self)
/// let builds = try await viewer.builds()                // fine
/// // try await viewer.startBuild(patternIDs: [808])     // error: ViewerRole does not conform to WritesBuilds
/// ```
///
/// Get one from ``MetaKraftwerkClient/project(named:as:)`` or ``MetaKraftwerkClient/project(id:as:)``. Handles
/// are cheap values; they share the client's session.
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
