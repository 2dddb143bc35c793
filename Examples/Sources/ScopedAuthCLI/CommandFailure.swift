import ArgumentParser
import Foundation
import ScopedAuth

/// An error shown to the user as one line: what failed and why, never a secret.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) {
        description = message
    }

    /// Runs `body`, turning any error into one line (ArgumentParser prints it after `Error:` and exits with 1).
    static func oneLine<T>(_ context: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as CommandFailure {
            throw failure
        } catch let exit as ExitCode {
            throw exit  // the command has already said why
        } catch {
            throw CommandFailure("\(context): \(oneLineDescription(of: error))")
        }
    }

    /// What `error` means to the user, on one line: an `AuthError` explained, anything else described.
    static func oneLineDescription(of error: any Error) -> String {
        if let failure = error as? CommandFailure { return failure.description }
        if let error = error as? AuthError { return explanation(of: error) }
        if error is CancellationError { return "cancelled" }
        return String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private static func explanation(of error: AuthError) -> String {
        var parts: [String] = []
        switch error.kind {
        case .invalidCredentials: parts.append("the credentials were refused")
        case .tokenExpired: parts.append("the token has expired")
        case .tokenRejected: parts.append("the token was rejected")
        case .forbidden: parts.append("not allowed")
        case .insecureTransport: parts.append("refusing to send credentials over plain HTTP to a host that is not loopback")
        case .credentialRedirect: parts.append("refusing to follow a redirect that would take the credential elsewhere")
        case .foreignRejection: parts.append("a redirect target on another origin refused the request")
        case .transient, .timeout: parts.append("the service could not be reached")
        default: parts.append(String(describing: error.kind))
        }
        if let status = error.status { parts.append("HTTP \(status)") }
        if let origin = error.origin { parts.append("at \(origin)") }
        if let message = error.serviceMessage ?? error.detail { parts.append(message) }
        return parts.joined(separator: ", ").split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
