/// What `server { appUrl mode version }` answers: the Massdriver instance's version and mode.
///
/// It needs no authentication; every client sends it without credentials.
///
/// ```swift
/// let server = try await client.server()
/// if server.mode == .selfHosted { … }
/// ```
public struct MassdriverServer: Sendable, Hashable, Decodable {
    /// Whether Massdriver runs as the managed cloud service or self-hosted (`enum ServerMode`).
    public struct Mode: RawRepresentable, Sendable, Hashable, Decodable, CustomStringConvertible {
        /// The enum value as the API spells it, such as `MANAGED`.
        public var rawValue: String
        /// Creates a mode from its API spelling.
        ///
        /// - Parameter rawValue: Such as `MANAGED`.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The managed cloud service.
        public static let managed = Mode(rawValue: "MANAGED")
        /// A self-hosted installation.
        public static let selfHosted = Mode(rawValue: "SELF_HOSTED")
        /// The API spelling.
        public var description: String { rawValue }
    }

    /// The web application's URL.
    public var appURL: String
    /// The server's version (semver).
    public var version: String
    /// Managed or self-hosted.
    public var mode: Mode

    private enum CodingKeys: String, CodingKey {
        case appURL = "appUrl"
        case version
        case mode
    }

    /// Creates a server description.
    ///
    /// - Parameters:
    ///   - appURL: The web application's URL.
    ///   - version: The version.
    ///   - mode: The mode.
    public init(appURL: String, version: String, mode: Mode) {
        self.appURL = appURL
        self.version = version
        self.mode = mode
    }
}
