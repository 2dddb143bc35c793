public import Foundation
public import ScopedAuth

/// A client for the Mudstack REST API, signed in with one account's API key.
///
/// The client exchanges the key for a JWT at `POST /auth/token`, reads its expiry from the `exp` claim and lets a
/// `TokenSession` refresh it before it expires and after a 401, once for any number of concurrent
/// calls. It hands out ``account``, the account scope; ``MudstackAccountScope/workspace(_:)`` on it hands out a
/// workspace scope. Each scope sends the headers Mudstack requires for its endpoints, and each endpoint exists
/// only on the scope it belongs to, so a workspace call without a chosen workspace does not compile.
///
/// ```swift
/// let mudstack = MudstackClient(
///     credential: KeyAndSecret(id: "my-api-key", secret: Secret(secretFromVault)),
///     accountID: "0b7c…")
/// let asset = try await mudstack.account.workspace("5f1e…").asset("a9d2…")
/// ```
public final class MudstackClient: Sendable, CustomStringConvertible {
    /// The service's name as it appears in errors: `Mudstack`.
    public static let serviceName = "Mudstack"

    /// The real service, `https://api.mudstack.com`.
    public static let productionBaseURL = URL(string: "https://api.mudstack.com")!

    /// The real service under its former name.
    @available(*, deprecated, renamed: "productionBaseURL")
    public static var defaultBaseURL: URL { productionBaseURL }

    /// The account the API key belongs to; every call is made for it.
    public let accountID: String
    /// The base URL that every path is appended to.
    public let baseURL: URL
    /// The session that owns the account's token; ``events(bufferSize:)`` streams its events.
    public let session: TokenSession
    /// The account scope: account-level endpoints, and ``MudstackAccountScope/workspace(_:)`` to choose a
    /// workspace.
    public let account: MudstackAccountScope

    private let keyID: String

    /// Creates a client; no request is sent until the first call.
    ///
    /// - Parameters:
    ///   - credential: The API key's id and secret, as issued by Mudstack support.
    ///   - accountID: The Mudstack account the key belongs to (sent as `account_id` and `x-account-id`).
    ///   - baseURL: The API's base URL; the real service by default. Credentials are sent only over HTTPS (plain
    ///     HTTP only to a loopback host, for tests).
    ///   - transport: The network; `URLSessionTransport` by default.
    ///   - clock: The clock for token expiry, refresh and retry backoff.
    ///   - refreshPolicy: Margins, timeouts, backoff and the loop breaker of the token session.
    ///   - retryPolicy: How transient failures of API calls are retried.
    ///   - tokenStore: Where the token is shared with other processes and later runs (see `TokenStoreConfiguration`); `nil` for none.
    public init(
        credential: KeyAndSecret,
        accountID: String,
        baseURL: URL = MudstackClient.productionBaseURL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        refreshPolicy: RefreshPolicy = .default,
        retryPolicy: RetryPolicy = .default,
        tokenStore: TokenStoreConfiguration? = nil
    ) {
        self.accountID = accountID
        self.baseURL = baseURL
        keyID = credential.id
        let tokenURL = (try? RequestPath("auth", "token").url(below: baseURL, service: Self.serviceName))
            ?? baseURL.appending(path: "auth/token")
        let exchange = MudstackTokenExchange(
            accountID: accountID, key: credential, tokenURL: tokenURL,
            http: HTTPOrigin(tokenURL).map { origin in
                HTTPClient.exchange(
                    transport: transport, origin: origin, clock: clock, retryPolicy: .none, service: Self.serviceName)
            })
        session = TokenSession(
            exchange: exchange, policy: refreshPolicy, clock: clock,
            label: SessionLabel(service: Self.serviceName, credential: "account \(accountID) key \(credential.id)"),
            store: tokenStore?.binding(service: Self.serviceName, identity: [baseURL.absoluteString, accountID, credential.id],
                                       secret: credential.secret))
        let requester = MudstackRequester(
            baseURL: baseURL, session: session, transport: transport, clock: clock, retryPolicy: retryPolicy)
        account = MudstackAccountScope(requester: requester, accountID: accountID)
    }

    /// Creates a client under the former labels (`accountID:` first, the key as `key:`).
    @available(*, deprecated, renamed: "init(credential:accountID:baseURL:transport:clock:refreshPolicy:retryPolicy:)")
    public convenience init(
        accountID: String,
        key: KeyAndSecret,
        baseURL: URL = MudstackClient.productionBaseURL,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: any AuthClock = SystemAuthClock(),
        refreshPolicy: RefreshPolicy = .default,
        retryPolicy: RetryPolicy = .default
    ) {
        self.init(credential: key, accountID: accountID, baseURL: baseURL, transport: transport, clock: clock,
                  refreshPolicy: refreshPolicy, retryPolicy: retryPolicy)
    }

    /// The session's events: token exchanges, refreshes, failures and replays; they never carry a token.
    ///
    /// - Parameter bufferSize: How many events to keep for a slow reader.
    /// - Returns: A new stream that ends at ``shutdown()``.
    public func events(bufferSize: Int = 1_000) -> AsyncStream<AuthEvent> {
        session.events(bufferSize: bufferSize)
    }

    /// Stops the token session: calls waiting for a token fail with `AuthError.Kind.shutdown` and
    /// every later call fails the same way.
    public func shutdown() async {
        await session.shutdown()
    }

    /// The account, the key's id and the base URL; never the secret or a token.
    public var description: String {
        "MudstackClient(account: \(accountID), key: \(keyID), baseURL: \(baseURL.redactedBaseURL))"
    }
}

extension URL {
    /// The URL without user info, query or fragment, for descriptions.
    var redactedBaseURL: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return "<url>" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "<url>"
    }
}
