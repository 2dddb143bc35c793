/// A run that ``SpaceliftClient/runTrigger(stack:commitSha:runType:)`` started.
public struct SpaceliftTriggeredRun: Sendable, Hashable, Decodable {
    /// The run's id.
    public var id: String
    /// The run's title.
    public var title: String
    /// The run's type, such as `TRACKED` or `PROPOSED`.
    public var type: SpaceliftRunType

    /// Creates a run record.
    ///
    /// - Parameters:
    ///   - id: The run's id.
    ///   - title: The run's title.
    ///   - type: The run's type.
    public init(id: String, title: String, type: SpaceliftRunType) {
        self.id = id
        self.title = title
        self.type = type
    }
}

/// The type of a Spacelift run (the GraphQL enum `RunType`).
///
/// ```swift
/// try await client.runTrigger(stack: "my-stack", commitSha: sha, runType: .proposed)
/// ```
public struct SpaceliftRunType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The enum value's name, such as `PROPOSED`.
    public var rawValue: String

    /// Creates a run type from its GraphQL name.
    ///
    /// - Parameter rawValue: The enum value's name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A run that plans and applies the tracked commit.
    public static let tracked = SpaceliftRunType(rawValue: "TRACKED")
    /// A run that only plans (a preview).
    public static let proposed = SpaceliftRunType(rawValue: "PROPOSED")

    /// Decodes the enum value's name.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the enum value's name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The enum value's name.
    public var description: String { rawValue }
}
