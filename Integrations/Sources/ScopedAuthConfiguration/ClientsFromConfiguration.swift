public import Configuration
import Foundation
public import ScopedAuth
public import ScopedAuthMASV
public import ScopedAuthMassdriver
public import ScopedAuthMetaKraftwerk
public import ScopedAuthMudstack
public import ScopedAuthSpacelift

/// The configuration keys of each client, with the environment variable each one reads through
/// `EnvironmentVariablesProvider` (the variables the `scopedauth` CLI reads).
///
/// | Client | Keys (environment variable) |
/// |---|---|
/// | MASV | `masv.api.url` (`MASV_API_URL`, optional), `masv.api.key` (`MASV_API_KEY`) or `masv.email` + `masv.password` |
/// | Spacelift | `spacelift.api.key.endpoint`, `spacelift.api.key.id`, `spacelift.api.key.secret` (`SPACELIFT_API_KEY_*`) |
/// | Spacelift, static token | `spacelift.api.token` (`SPACELIFT_API_TOKEN`), `spacelift.api.key.endpoint` (optional: the token's `aud`) |
/// | Massdriver | `massdriver.url` (optional), `massdriver.org.id`, `massdriver.api.token` or `massdriver.api.key` |
/// | Mudstack | `mudstack.api.url` (optional), `mudstack.account.id`, `mudstack.api.key`, `mudstack.api.secret` |
/// | MetaKraftwerk | `metakraftwerk.url` (optional), `metakraftwerk.email`, `metakraftwerk.password` |
///
/// Secrets are read with `isSecret: true`, so access reporters redact them. A missing or malformed setting is an
/// `AuthError` of kind `invalidRequest` naming every missing key at once, never a value.
///
/// ```swift
/// let config = ConfigReader(provider: EnvironmentVariablesProvider())
/// let mudstack = try MudstackClient(config: config, transport: transport)
/// ```
public enum ScopedAuthConfigurationKeys {
    /// The keys and environment variables of every client, as the table above lists them.
    public static let all: [String: [String]] = [
        "MASV": ["masv.api.url", "masv.api.key", "masv.email", "masv.password"],
        "Spacelift": ["spacelift.api.key.endpoint", "spacelift.api.key.id", "spacelift.api.key.secret", "spacelift.api.token"],
        "Massdriver": ["massdriver.url", "massdriver.org.id", "massdriver.api.token", "massdriver.api.key"],
        "Mudstack": ["mudstack.api.url", "mudstack.account.id", "mudstack.api.key", "mudstack.api.secret"],
        "MetaKraftwerk": ["metakraftwerk.url", "metakraftwerk.email", "metakraftwerk.password"],
    ]
}

/// Reads settings and collects every missing one, so the error names them all.
struct SettingsLookup {
    let config: ConfigReader
    let service: String
    private(set) var missing: [String] = []

    init(_ config: ConfigReader, service: String) {
        self.config = config
        self.service = service
    }

    mutating func value(_ key: String, secret: Bool = false, required: Bool = true) -> String? {
        let value = config.string(forKey: ConfigKey(key), isSecret: secret)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let value, !value.isEmpty { return value }
        if required { missing.append(key) }
        return nil
    }

    mutating func url(_ key: String, default fallback: URL? = nil) -> URL? {
        guard let text = value(key, required: fallback == nil) else { return fallback }
        guard let url = URL(string: text), url.host != nil else {
            missing.append("\(key) (not a URL)")
            return nil
        }
        return url
    }

    mutating func noteMissing(_ key: String) {
        missing.append(key)
    }

    func requireComplete() throws(AuthError) {
        guard !missing.isEmpty else { return }
        throw AuthError(.invalidRequest, service: service, detail: "missing configuration: " + missing.joined(separator: ", "))
    }
}

extension ConfigKey {
    /// A key from its dotted form, such as `masv.api.url`.
    init(_ dotted: String) {
        self.init(dotted.split(separator: ".").map(String.init))
    }
}

extension MASVClient {
    /// A client from `masv.api.key`, or else `masv.email` and `masv.password`, at `masv.api.url` (production by
    /// default).
    ///
    /// - Throws: ``ScopedAuth/AuthError`` of kind `invalidRequest` naming every missing key.
    public init(
        config: ConfigReader, transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock()
    ) throws(AuthError) {
        var lookup = SettingsLookup(config, service: "MASV")
        let base = lookup.url("masv.api.url", default: MASVClient.productionBaseURL)
        let credential: MASVCredential?
        if let key = lookup.value("masv.api.key", secret: true, required: false) {
            credential = .apiKey(Secret(key))
        } else {
            let email = lookup.value("masv.email")
            let password = lookup.value("masv.password", secret: true)
            credential = email.flatMap { email in password.map { .user(EmailPassword(email: email, password: Secret($0))) } }
        }
        try lookup.requireComplete()
        guard let base, let credential else { throw AuthError(.invalidRequest, service: "MASV") }
        self.init(credential: credential, baseURL: base, transport: transport, clock: clock)
    }
}

extension SpaceliftClient where Source == TokenSession {
    /// A client exchanging the API key `spacelift.api.key.id` / `spacelift.api.key.secret` at
    /// `spacelift.api.key.endpoint`.
    ///
    /// - Throws: ``ScopedAuth/AuthError`` of kind `invalidRequest` naming every missing key.
    public init(
        config: ConfigReader, transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock()
    ) throws(AuthError) {
        var lookup = SettingsLookup(config, service: "Spacelift")
        let endpoint = lookup.url("spacelift.api.key.endpoint")
        let id = lookup.value("spacelift.api.key.id")
        let secret = lookup.value("spacelift.api.key.secret", secret: true)
        try lookup.requireComplete()
        guard let endpoint, let id, let secret else { throw AuthError(.invalidRequest, service: "Spacelift") }
        try self.init(credential: .apiKey(KeyAndSecret(id: id, secret: Secret(secret))), baseURL: endpoint,
                      transport: transport, clock: clock)
    }
}

extension SpaceliftClient where Source == StaticToken {
    /// A client sending the fixed bearer token `spacelift.api.token` (as `spacectl profile export-token` prints it)
    /// to `spacelift.api.key.endpoint`, or to the account named by the token's `aud` claim when that key is unset.
    ///
    /// The same settings as ``ScopedAuthSpacelift/SpaceliftClient/init(tokenFrom:transport:clock:retryPolicy:)`` reads
    /// from the environment; the client cannot refresh, and fails with `tokenExpired` once the token's `exp` nears.
    ///
    /// ```swift
    /// let config = ConfigReader(provider: EnvironmentVariablesProvider())
    /// let spacelift = try SpaceliftClient(tokenFrom: config, transport: transport)
    /// ```
    ///
    /// - Throws: ``ScopedAuth/AuthError`` of kind `invalidRequest` naming every missing key, or the token's own
    ///   error (`invalidCredentials`) when it is not a JWT with an `exp` and, without an endpoint, one `aud`.
    public init(
        tokenFrom config: ConfigReader, transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock()
    ) throws(AuthError) {
        var lookup = SettingsLookup(config, service: "Spacelift")
        let token = lookup.value("spacelift.api.token", secret: true)
        let endpoint = lookup.value("spacelift.api.key.endpoint", required: false) == nil
            ? nil : lookup.url("spacelift.api.key.endpoint")
        try lookup.requireComplete()
        guard let token else { throw AuthError(.invalidRequest, service: "Spacelift") }
        try self.init(token: Secret(token), baseURL: endpoint, transport: transport, clock: clock)
    }
}

extension MassdriverClient where Credential == MassdriverEnvironmentCredential {
    /// A client for organization `massdriver.org.id` with `massdriver.api.token` (or the legacy
    /// `massdriver.api.key`), at `massdriver.url` (production by default).
    ///
    /// - Throws: ``ScopedAuth/AuthError`` of kind `invalidRequest` naming every missing key, or the credential's
    ///   own error for a malformed secret.
    public init(
        config: ConfigReader, transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock()
    ) throws(AuthError) {
        var lookup = SettingsLookup(config, service: "Massdriver")
        let base = lookup.url("massdriver.url", default: MassdriverClient<MassdriverNoCredential>.productionBaseURL)
        let organization = lookup.value("massdriver.org.id")
        let secret = lookup.value("massdriver.api.token", secret: true, required: false)
            ?? lookup.value("massdriver.api.key", secret: true, required: false)
        if secret == nil { lookup.noteMissing("massdriver.api.token (or massdriver.api.key)") }
        try lookup.requireComplete()
        guard let base, let organization, let secret else { throw AuthError(.invalidRequest, service: "Massdriver") }
        let credential = try MassdriverEnvironmentCredential(
            environment: ["MASSDRIVER_ORG_ID": organization, "MASSDRIVER_API_TOKEN": secret])
        self.init(credential: credential, baseURL: base, transport: transport, clock: clock)
    }
}

extension MudstackClient {
    /// A client for account `mudstack.account.id` with the key `mudstack.api.key` / `mudstack.api.secret`, at
    /// `mudstack.api.url` (production by default).
    ///
    /// - Throws: ``ScopedAuth/AuthError`` of kind `invalidRequest` naming every missing key.
    public convenience init(
        config: ConfigReader, transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock()
    ) throws(AuthError) {
        var lookup = SettingsLookup(config, service: "Mudstack")
        let base = lookup.url("mudstack.api.url", default: MudstackClient.productionBaseURL)
        let account = lookup.value("mudstack.account.id")
        let id = lookup.value("mudstack.api.key")
        let secret = lookup.value("mudstack.api.secret", secret: true)
        try lookup.requireComplete()
        guard let base, let account, let id, let secret else { throw AuthError(.invalidRequest, service: "Mudstack") }
        self.init(credential: KeyAndSecret(id: id, secret: Secret(secret)), accountID: account, baseURL: base,
                  transport: transport, clock: clock)
    }
}

extension MetaKraftwerkClient {
    /// A client signing in as `metakraftwerk.email` / `metakraftwerk.password` at `metakraftwerk.url`
    /// (production by default).
    ///
    /// - Throws: ``ScopedAuth/AuthError`` of kind `invalidRequest` naming every missing key.
    public init(
        config: ConfigReader, transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock()
    ) throws(AuthError) {
        var lookup = SettingsLookup(config, service: "MetaKraftwerk")
        let base = lookup.url("metakraftwerk.url", default: MetaKraftwerkClient.productionBaseURL)
        let email = lookup.value("metakraftwerk.email")
        let password = lookup.value("metakraftwerk.password", secret: true)
        try lookup.requireComplete()
        guard let base, let email, let password else { throw AuthError(.invalidRequest, service: "MetaKraftwerk") }
        self.init(credential: EmailPassword(email: email, password: Secret(password)), baseURL: base,
                  transport: transport, clock: clock)
    }
}
