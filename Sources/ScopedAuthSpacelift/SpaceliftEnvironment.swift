import Foundation
public import ScopedAuth

/// Spacelift credentials read from environment variables with spacectl's names.
///
/// - `SPACELIFT_API_KEY_ENDPOINT`: the account endpoint, `https://<account>.app.spacelift.io`;
/// - `SPACELIFT_API_KEY_ID` and `SPACELIFT_API_KEY_SECRET`: an API key;
/// - `SPACELIFT_API_TOKEN`: a static bearer token (its `aud` names the endpoint if the endpoint is not set).
///
/// Empty variables count as missing. The values of secrets never print.
///
/// ```swift
/// let client = try SpaceliftClient(apiKeyFrom: .process)
/// ```
public struct SpaceliftEnvironment: Sendable, CustomStringConvertible {
    /// `SPACELIFT_API_KEY_ENDPOINT`
    public static let endpointVariable = "SPACELIFT_API_KEY_ENDPOINT"
    /// `SPACELIFT_API_KEY_ID`
    public static let keyIDVariable = "SPACELIFT_API_KEY_ID"
    /// `SPACELIFT_API_KEY_SECRET`
    public static let keySecretVariable = "SPACELIFT_API_KEY_SECRET"
    /// `SPACELIFT_API_TOKEN`
    public static let tokenVariable = "SPACELIFT_API_TOKEN"

    /// The value of `SPACELIFT_API_KEY_ENDPOINT`, if set.
    public var endpoint: String?
    /// The value of `SPACELIFT_API_KEY_ID`, if set.
    public var keyID: String?
    /// The value of `SPACELIFT_API_KEY_SECRET`, if set.
    public var keySecret: Secret?
    /// The value of `SPACELIFT_API_TOKEN`, if set.
    public var token: Secret?

    /// Reads the Spacelift variables from `variables`.
    ///
    /// - Parameter variables: Environment variables, such as `ProcessInfo.processInfo.environment`.
    public init(_ variables: [String: String]) {
        func value(_ name: String) -> String? {
            guard let text = variables[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                return nil
            }
            return text
        }
        endpoint = value(Self.endpointVariable)
        keyID = value(Self.keyIDVariable)
        keySecret = value(Self.keySecretVariable).map(Secret.init)
        token = value(Self.tokenVariable).map(Secret.init)
    }

    /// The variables of the current process.
    public static var process: SpaceliftEnvironment { SpaceliftEnvironment(ProcessInfo.processInfo.environment) }

    /// Which variables are set; never a secret's value.
    public var description: String {
        let set = [
            (Self.endpointVariable, endpoint != nil), (Self.keyIDVariable, keyID != nil),
            (Self.keySecretVariable, keySecret != nil), (Self.tokenVariable, token != nil),
        ].filter(\.1).map(\.0)
        return "SpaceliftEnvironment(set: [\(set.joined(separator: ", "))])"
    }

    /// The endpoint and API key, or an error naming every missing or invalid variable.
    func apiKey() throws(SpaceliftEnvironmentError) -> (endpoint: URL, key: KeyAndSecret) {
        var missing: [String] = []
        if endpoint == nil { missing.append(Self.endpointVariable) }
        if keyID == nil { missing.append(Self.keyIDVariable) }
        if keySecret == nil { missing.append(Self.keySecretVariable) }
        let url = try endpointURL()
        guard missing.isEmpty, let url, let keyID, let keySecret else {
            throw SpaceliftEnvironmentError(missingVariables: missing)
        }
        return (url, KeyAndSecret(id: keyID, secret: keySecret))
    }

    /// The endpoint as a URL, `nil` when not set, or an error when it is not an http(s) URL with a host.
    func endpointURL() throws(SpaceliftEnvironmentError) -> URL? {
        guard let endpoint else { return nil }
        guard let url = URL(string: endpoint), let origin = HTTPOrigin(url), ["https", "http"].contains(origin.scheme)
        else { throw SpaceliftEnvironmentError(invalidVariables: [Self.endpointVariable]) }
        return url
    }
}

/// Spacelift credentials could not be read from the environment: variables are missing or invalid.
///
/// ```swift
/// do {
///     let client = try SpaceliftClient(apiKeyFrom: .process)
/// } catch let error as SpaceliftEnvironmentError {
///     // error.missingVariables == ["SPACELIFT_API_KEY_SECRET"]
/// }
/// ```
public struct SpaceliftEnvironmentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The variables that must be set and are not (or are empty).
    public var missingVariables: [String]
    /// The variables whose value cannot be used (such as an endpoint that is not a URL).
    public var invalidVariables: [String]

    /// Creates the error.
    ///
    /// - Parameters:
    ///   - missingVariables: The variables that are not set.
    ///   - invalidVariables: The variables whose value cannot be used.
    public init(missingVariables: [String] = [], invalidVariables: [String] = []) {
        self.missingVariables = missingVariables
        self.invalidVariables = invalidVariables
    }

    /// Names every missing and invalid variable; never a value.
    public var description: String {
        var parts: [String] = []
        if !missingVariables.isEmpty { parts.append("missing " + missingVariables.joined(separator: ", ")) }
        if !invalidVariables.isEmpty {
            parts.append("invalid " + invalidVariables.joined(separator: ", ") + " (expected https://<account>.app.spacelift.io)")
        }
        return "Spacelift credentials are incomplete in the environment: " + parts.joined(separator: "; ")
    }
}
