public import ScopedAuth

/// What a refreshing Spacelift client exchanges for tokens: an API key or a GitHub token.
///
/// ```swift
/// let client = try SpaceliftClient(
///     credential: .apiKey(KeyAndSecret(id: keyID, secret: Secret(keySecret))),
///     baseURL: URL(string: "https://acme.app.spacelift.io")!)
/// ```
public struct SpaceliftCredential: Sendable, CustomStringConvertible {
    let mutation: SpaceliftTokenExchange.Mutation
    let label: String
    /// What identifies the credential in a token store's key (never the secret, which is only hashed in).
    let storeIdentity: [String]
    /// The secret, hashed into the token store's key so that a rotated secret gets a new key.
    let storeSecret: Secret

    /// An API key (`apiKeyUser(id:secret:)`): the key id (a ULID) and its secret, as in the downloaded key file.
    ///
    /// - Parameter key: The key id and secret; the id prints in errors, the secret never does.
    /// - Returns: The credential.
    public static func apiKey(_ key: KeyAndSecret) -> SpaceliftCredential {
        SpaceliftCredential(
            mutation: SpaceliftTokenExchange.apiKey(key), label: "api-key \(key.id)",
            storeIdentity: ["api-key", key.id], storeSecret: key.secret)
    }

    /// A GitHub personal access token (`oauthUser(token:)`), for accounts that use GitHub as their identity
    /// provider.
    ///
    /// - Parameter token: The GitHub token.
    /// - Returns: The credential.
    public static func gitHubToken(_ token: Secret) -> SpaceliftCredential {
        SpaceliftCredential(
            mutation: SpaceliftTokenExchange.gitHubToken(token), label: "github-token",
            storeIdentity: ["github-token"], storeSecret: token)
    }

    /// The kind of credential and the key id; never a secret.
    public var description: String { "SpaceliftCredential(\(label))" }
}
