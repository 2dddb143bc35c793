public import ScopedAuth

/// Reads everything in a project and changes nothing: instances, builds and deliveries.
///
/// ```swift
/// let project = try await client.project(named: "DEMO_PROJECT", as: ViewerRole.self)
/// let builds = try await project.builds()
/// ```
public enum ViewerRole: ProjectRole {
    /// Granted.
    public typealias ReadsInstances = Granted
    /// Denied.
    public typealias WritesInstances = Denied
    /// Granted.
    public typealias ReadsBuilds = Granted
    /// Denied: a viewer cannot start builds.
    public typealias WritesBuilds = Denied
    /// Granted.
    public typealias ReadsDeliveries = Granted
}

/// Runs builds: reads instances, starts and watches builds, downloads their results; cannot edit instances.
///
/// ```swift
/// let project = try await client.project(named: "DEMO_PROJECT", as: BuilderRole.self)
/// let build = try await project.startBuild(patternIDs: [808])
/// ```
public enum BuilderRole: ProjectRole {
    /// Granted.
    public typealias ReadsInstances = Granted
    /// Denied: a builder cannot edit instances.
    public typealias WritesInstances = Denied
    /// Granted.
    public typealias ReadsBuilds = Granted
    /// Granted.
    public typealias WritesBuilds = Granted
    /// Granted.
    public typealias ReadsDeliveries = Granted
}

/// Maintains metadata: reads and uploads instances, reads builds and deliveries; cannot start builds.
///
/// ```swift
/// let project = try await client.project(named: "DEMO_PROJECT", as: EditorRole.self)
/// try await project.uploadInstances([InstanceUpload(name: "CUSTOMER", rows: [])], patternID: 808)
/// ```
public enum EditorRole: ProjectRole {
    /// Granted.
    public typealias ReadsInstances = Granted
    /// Granted.
    public typealias WritesInstances = Granted
    /// Granted.
    public typealias ReadsBuilds = Granted
    /// Denied: an editor cannot start builds.
    public typealias WritesBuilds = Denied
    /// Granted.
    public typealias ReadsDeliveries = Granted
}

/// Holds every project permission ("Project Owner").
///
/// ```swift
/// let project = try await client.project(id: 402, as: OwnerRole.self)
/// ```
public enum OwnerRole: ProjectRole {
    /// Granted.
    public typealias ReadsInstances = Granted
    /// Granted.
    public typealias WritesInstances = Granted
    /// Granted.
    public typealias ReadsBuilds = Granted
    /// Granted.
    public typealias WritesBuilds = Granted
    /// Granted.
    public typealias ReadsDeliveries = Granted
}
