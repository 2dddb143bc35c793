public import Foundation
public import ScopedAuth

/// Credentials read from the environment: `MASSDRIVER_ORG_ID` with `MASSDRIVER_API_TOKEN` or `MASSDRIVER_API_KEY`.
///
/// Following the official SDK, a token that starts with `md_` or `mds_` is an access token sent as
/// `Authorization: Bearer`; anything else is a service-account secret sent as
/// `Authorization: Basic base64(MASSDRIVER_ORG_ID:secret)`. Which one it is is known only at run time, so this
/// credential goes to `/api/v2`, the endpoint that accepts both. An access token read here has no known expiry;
/// the API decides when it is refused.
///
/// ```swift
/// let credential = try MassdriverEnvironmentCredential()
/// let client = MassdriverClient(credential: credential)
/// for try await project in client.projects(organizationID: credential.organizationID) { … }
/// ```
// Safety of @unchecked Sendable: final, and its stored properties are `let` constants of Sendable types.
public final class MassdriverEnvironmentCredential: MassdriverCredentialBase, MassdriverCredential, Hashable,
    CustomDebugStringConvertible, CustomReflectable, @unchecked Sendable
{
    /// Denied: an access token may be read, and `/api/v1` does not accept those.
    public typealias AcceptedOnV1 = Denied
    /// Granted: `/api/v2` accepts both Bearer access tokens and Basic secrets.
    public typealias AcceptedOnV2 = Granted
    /// Granted: either kind identifies a caller.
    public typealias IdentifiesCaller = Granted

    enum Kind: Hashable {
        case serviceAccount(MassdriverServiceAccountSecret)
        case accessToken(MassdriverAccessToken)
    }

    /// The organization identifier from `MASSDRIVER_ORG_ID`.
    public let organizationID: String
    let kind: Kind

    /// Reads the credential from `environment`.
    ///
    /// `MASSDRIVER_API_TOKEN` is preferred over `MASSDRIVER_API_KEY` when both are set.
    ///
    /// - Parameter environment: The variables to read (the process environment by default).
    /// - Throws: `AuthError` of kind `AuthError.Kind.invalidCredentials` when
    ///   `MASSDRIVER_ORG_ID` or both token variables are missing or empty.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(AuthError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
            else { return nil }
            return text
        }
        guard let organizationID = value("MASSDRIVER_ORG_ID") else {
            throw AuthError(.invalidCredentials, service: MassdriverClientService.name,
                            detail: "MASSDRIVER_ORG_ID is not set")
        }
        guard let token = value("MASSDRIVER_API_TOKEN") ?? value("MASSDRIVER_API_KEY") else {
            throw AuthError(.invalidCredentials, service: MassdriverClientService.name,
                            detail: "neither MASSDRIVER_API_TOKEN nor MASSDRIVER_API_KEY is set")
        }
        self.organizationID = organizationID
        if token.hasPrefix("md_") || token.hasPrefix("mds_") {
            kind = .accessToken(MassdriverAccessToken(Secret(token), expiresAt: nil))
        } else {
            kind = .serviceAccount(MassdriverServiceAccountSecret(organizationID: organizationID, secret: Secret(token)))
        }
    }

    /// Whether the variable held an `md_`/`mds_` access token (sent as Bearer) rather than a service-account
    /// secret (sent as Basic).
    public var isAccessToken: Bool {
        if case .accessToken = kind { return true }
        return false
    }

    /// `/api/v2`, which accepts both Bearer access tokens and Basic service-account secrets.
    public static var defaultAPIVersion: MassdriverAPIVersion<MassdriverEnvironmentCredential> { .v2 }

    /// Whether both read the same organization and token.
    public static func == (lhs: MassdriverEnvironmentCredential, rhs: MassdriverEnvironmentCredential) -> Bool {
        lhs.organizationID == rhs.organizationID && lhs.kind == rhs.kind
    }

    /// Hashes the organization and token.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(organizationID)
        hasher.combine(kind)
    }

    /// The token source of the access token or service-account secret that was read.
    override func tokenSource(clock: any AuthClock) -> (any TokenSource)? {
        switch kind {
        case .serviceAccount(let secret): secret.tokenSource(clock: clock)
        case .accessToken(let token): token.tokenSource(clock: clock)
        }
    }

    /// The organization and the kind of token, with the token redacted.
    public var description: String {
        "MassdriverEnvironmentCredential(organizationID: \(organizationID), \(isAccessToken ? "accessToken" : "serviceAccountSecret"): <redacted>)"
    }
    /// Same as ``description``.
    public var debugDescription: String { description }
    /// A mirror that shows the organization only.
    public var customMirror: Mirror {
        Mirror(self, children: ["organizationID": organizationID, "isAccessToken": isAccessToken], displayStyle: .struct)
    }
}
