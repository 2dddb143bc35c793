import Foundation

/// Reads each setting from its command-line flag, else from the vendor's environment variable, and collects
/// every missing one so the error names them all at once.
struct CredentialLookup {
    let environment: [String: String]
    private(set) var missing: [String] = []
    /// Settings that are present but unusable, each with why.
    private(set) var invalid: [String] = []

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The flag's value, else the first non-empty variable of `variables`; `nil` (and noted as missing) otherwise.
    mutating func value(_ flag: String?, flagName: String, variables: [String], required: Bool = true) -> String? {
        if let flag, !flag.isEmpty { return flag }
        for name in variables {
            if let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
                return value
            }
        }
        if required { missing.append("--\(flagName) or " + variables.joined(separator: "/")) }
        return nil
    }

    /// A URL from the flag or variables, else `fallback`; noted as missing when neither gives a URL with a host.
    mutating func url(_ flag: String?, flagName: String, variables: [String], fallback: URL? = nil) -> URL? {
        let text = value(flag, flagName: flagName, variables: variables, required: fallback == nil)
        guard let text else { return fallback }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else {
            missing.append("--\(flagName) or \(variables.joined(separator: "/")) (not a URL: \(text))")
            return nil
        }
        guard scheme == "https" || scheme == "http" else {
            invalid.append("--\(flagName) or \(variables.joined(separator: "/")) is an \(scheme):// URL, which this "
                + "tool cannot use: the API is reached over https:// (or http:// to a loopback address)")
            return nil
        }
        return url
    }

    /// Notes a missing setting that no single flag names (such as "one of these credentials").
    mutating func noteMissing(_ description: String) {
        missing.append(description)
    }

    /// Throws one line naming every unusable and every missing setting for `service`.
    func requireComplete(for service: String) throws {
        guard !missing.isEmpty || !invalid.isEmpty else { return }
        let parts = invalid + (missing.isEmpty ? [] : ["missing " + missing.joined(separator: "; ")])
        throw CommandFailure("\(service): " + parts.joined(separator: "; "))
    }
}
