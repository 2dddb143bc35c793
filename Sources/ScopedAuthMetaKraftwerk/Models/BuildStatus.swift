/// Where a build stands: `BUILDING`, `FINISHED`, `FAILED` or `CANCELED`.
///
/// ```swift
/// if build.status == .finished { /* download the results */ }
/// if build.status.hasEnded { /* stop watching */ }
/// ```
public struct BuildStatus: Sendable, Hashable, CustomStringConvertible, Decodable {
    enum Kind: Hashable, Sendable {
        case building
        case finished
        case failed
        case canceled
        case other(String)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// Creates the status the server names.
    ///
    /// - Parameter name: `BUILDING`, `FINISHED`, `FAILED` or `CANCELED` (any case); another name is kept as is
    ///   and counts as not ended.
    public init(name: String) {
        switch name.uppercased() {
        case "BUILDING": kind = .building
        case "FINISHED": kind = .finished
        case "FAILED": kind = .failed
        case "CANCELED", "CANCELLED": kind = .canceled
        default: kind = .other(name)
        }
    }

    /// Decodes the status from its name.
    ///
    /// - Throws: `DecodingError` when the value is not a string.
    public init(from decoder: any Decoder) throws {
        self.init(name: try decoder.singleValueContainer().decode(String.self))
    }

    /// The build is running.
    public static let building = BuildStatus(.building)
    /// The build ended and produced its deliveries.
    public static let finished = BuildStatus(.finished)
    /// The build ended with an error; its `message` says why.
    public static let failed = BuildStatus(.failed)
    /// The build was cancelled.
    public static let canceled = BuildStatus(.canceled)

    /// Whether the build has ended (finished, failed or cancelled), so its status will not change again.
    public var hasEnded: Bool {
        switch kind {
        case .finished, .failed, .canceled: true
        case .building, .other: false
        }
    }

    /// The status as the server spells it, such as `FINISHED`.
    public var name: String {
        switch kind {
        case .building: "BUILDING"
        case .finished: "FINISHED"
        case .failed: "FAILED"
        case .canceled: "CANCELED"
        case .other(let name): name
        }
    }

    /// Same as ``name``.
    public var description: String { name }
}
