public import Foundation

/// A stack as the Spacelift emulator serves it in `stacks` and `stack(id:)`.
public struct SpaceliftStack: Sendable, Hashable {
    /// The stack's slug, such as `my-stack-1`.
    public var id: String
    /// The display name.
    public var name: String
    /// When the stack was created (served as Unix seconds).
    public var createdAt: Date
    /// The description, if any.
    public var description: String?
    /// The state, such as `FINISHED`, `FAILED`, `APPLYING`, `UNCONFIRMED` or `NONE`.
    public var state: String
    /// The tracked branch.
    public var branch: String

    /// Creates a stack record.
    public init(
        id: String,
        name: String,
        createdAt: Date,
        description: String? = nil,
        state: String = "FINISHED",
        branch: String = "main"
    ) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.description = description
        self.state = state
        self.branch = branch
    }
}

/// A run that a `runTrigger` mutation started on the Spacelift emulator.
public struct SpaceliftRun: Sendable, Hashable {
    /// The run's ULID.
    public var id: String
    /// The stack it runs on.
    public var stackID: String
    /// The commit requested, if any.
    public var commitSHA: String?
    /// The run type, such as `TRACKED` (the default) or `PROPOSED`.
    public var type: String
    /// The `sub` of the token that triggered it.
    public var triggeredBy: String
}
