/// Reads everything in a project and changes nothing: instances, builds and deliveries.
///
/// ```swift
/// let project = try await client.project(named: "DEMO_PROJECT", as: ViewerRole.self)
/// let builds = try await project.builds()
/// ```
public enum ViewerRole: ReadsInstances, ReadsBuilds, ReadsDeliveries {}

/// Runs builds: reads instances, starts and watches builds, downloads their results; cannot edit instances.
///
/// ```swift
/// let project = try await client.project(named: "DEMO_PROJECT", as: BuilderRole.self)
/// let build = try await project.startBuild(patternIDs: [808])
/// ```
public enum BuilderRole: ReadsInstances, ReadsBuilds, WritesBuilds, ReadsDeliveries {}

/// Maintains metadata: reads and uploads instances, reads builds and deliveries; cannot start builds.
///
/// ```swift
/// let project = try await client.project(named: "DEMO_PROJECT", as: EditorRole.self)
/// try await project.uploadInstances([InstanceUpload(name: "CUSTOMER", rows: [])], patternID: 808)
/// ```
public enum EditorRole: ReadsInstances, WritesInstances, ReadsBuilds, ReadsDeliveries {}

/// Holds every project permission ("Project Owner").
///
/// ```swift
/// let project = try await client.project(id: 402, as: OwnerRole.self)
/// ```
public enum OwnerRole: ReadsInstances, WritesInstances, ReadsBuilds, WritesBuilds, ReadsDeliveries {}
