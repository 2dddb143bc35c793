public import Foundation
public import ScopedAuth

/// Where the example app listens and the credentials of the two services it calls, read once at start-up.
///
/// The environment variables are the ones `scopedauth-emulator` prints, so the app runs against the emulator
/// after pasting its banner into a shell, and against the real services with real values.
///
/// ```swift
/// let configuration = try AppConfiguration(environment: ProcessInfo.processInfo.environment)
/// ```
public struct AppConfiguration: Sendable {
    /// The address the app binds to.
    public var host: String
    /// The port the app binds to; 0 lets the kernel choose.
    public var port: Int
    /// The MASV API base URL (`MASV_API_URL`, MASV's production API by default).
    public var masvBaseURL: URL
    /// The MASV user the app uploads as (`MASV_EMAIL`, `MASV_PASSWORD`).
    public var masvUser: EmailPassword
    /// The team that receives uploaded packages (`MASV_TEAM_ID`).
    public var masvTeamID: String
    /// The Spacelift account endpoint (`SPACELIFT_API_KEY_ENDPOINT`).
    public var spaceliftEndpoint: URL
    /// The Spacelift API key (`SPACELIFT_API_KEY_ID`, `SPACELIFT_API_KEY_SECRET`).
    public var spaceliftKey: KeyAndSecret

    /// Creates a configuration from explicit values.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, masvBaseURL: URL, masvUser: EmailPassword,
        masvTeamID: String, spaceliftEndpoint: URL, spaceliftKey: KeyAndSecret
    ) {
        self.host = host
        self.port = port
        self.masvBaseURL = masvBaseURL
        self.masvUser = masvUser
        self.masvTeamID = masvTeamID
        self.spaceliftEndpoint = spaceliftEndpoint
        self.spaceliftKey = spaceliftKey
    }

    /// Reads the configuration from environment variables.
    ///
    /// - Parameters:
    ///   - environment: The variables, usually `ProcessInfo.processInfo.environment`.
    ///   - host: The address to bind to.
    ///   - port: The port to bind to.
    /// - Throws: ``AppConfigurationError`` naming every missing or invalid variable at once.
    public init(environment: [String: String], host: String = "127.0.0.1", port: Int = 8080) throws {
        var missing: [String] = []
        func value(_ name: String) -> String {
            guard let value = environment[name], !value.isEmpty else {
                missing.append(name)
                return ""
            }
            return value
        }
        func url(_ name: String, default fallback: String? = nil) -> URL {
            let raw = environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
            guard let raw, let url = URL(string: raw), url.host != nil else {
                missing.append(name)
                return URL(fileURLWithPath: "/")
            }
            return url
        }
        let configuration = AppConfiguration(
            host: host, port: port,
            masvBaseURL: url("MASV_API_URL", default: "https://api.massive.app"),
            masvUser: EmailPassword(email: value("MASV_EMAIL"), password: Secret(value("MASV_PASSWORD"))),
            masvTeamID: value("MASV_TEAM_ID"),
            spaceliftEndpoint: url("SPACELIFT_API_KEY_ENDPOINT"),
            spaceliftKey: KeyAndSecret(
                id: value("SPACELIFT_API_KEY_ID"), secret: Secret(value("SPACELIFT_API_KEY_SECRET")))
        )
        guard missing.isEmpty else { throw AppConfigurationError(missingVariables: missing) }
        self = configuration
    }
}

/// Environment variables the example app needs but did not find (or found invalid).
public struct AppConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The variables' names.
    public var missingVariables: [String]
    /// One line naming them.
    public var description: String {
        "missing or invalid environment variables: " + missingVariables.joined(separator: ", ")
    }
}
