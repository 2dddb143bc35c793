import ArgumentParser
import Foundation
import ScopedAuth
@_spi(TokenExport) import ScopedAuthMASV
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthSpacelift

/// `scopedauth token <service>`: prints a bearer token, like `spacectl profile export-token`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a bearer token for a service, from flags or the vendor's environment variables.",
        discussion: """
            masv:          --url --email --password         (MASV_API_URL, MASV_EMAIL, MASV_PASSWORD)
            spacelift:     --url --key-id --secret          (SPACELIFT_API_KEY_ENDPOINT, SPACELIFT_API_KEY_ID, SPACELIFT_API_KEY_SECRET)
            massdriver:    --url --org-id --secret          (MASSDRIVER_URL, MASSDRIVER_ORG_ID, MASSDRIVER_API_TOKEN or MASSDRIVER_API_KEY)
            mudstack:      --url --account-id --key-id --secret (MUDSTACK_API_URL, MUDSTACK_ACCOUNT_ID, MUDSTACK_API_KEY, MUDSTACK_API_SECRET)
            metakraftwerk: --url --email --password         (METAKRAFTWERK_URL, METAKRAFTWERK_EMAIL, METAKRAFTWERK_PASSWORD)

            Massdriver issues no token for a service-account secret: the secret is checked and the value of the \
            Authorization header it is sent with ("Basic …") is printed; an md_ access token is checked and printed.

            MASV, Spacelift, Mudstack and MetaKraftwerk tokens are kept until they expire in the cache directory \
            ($XDG_CACHE_HOME/scopedauth or ~/.cache/scopedauth; ~/Library/Caches/scopedauth on macOS), one 0600 \
            file per credential named by a keyed hash, so repeated runs reuse a token as spacectl does and \
            concurrent runs sign in once. --no-token-cache turns this off.
            """
    )

    @Argument(help: "The service.")
    var service: Service

    @Option(help: "The service's base URL (the real service by default where it has one).")
    var url: String?
    @Option(help: "MASV or MetaKraftwerk sign-in email.")
    var email: String?
    @Option(help: "MASV or MetaKraftwerk password (prefer the environment variable: flags show in `ps`).")
    var password: String?
    @Option(name: .customLong("key-id"), help: "Spacelift or Mudstack API key id.")
    var keyID: String?
    @Option(help: "Spacelift or Mudstack API key secret, or a Massdriver token or service-account secret.")
    var secret: String?
    @Option(name: .customLong("account-id"), help: "Mudstack account id.")
    var accountID: String?
    @Option(name: .customLong("org-id"), help: "Massdriver organization id.")
    var organizationID: String?
    @Flag(name: .customLong("no-token-cache"),
          help: "Neither reuse nor keep tokens in the cache directory (also: SCOPEDAUTH_NO_TOKEN_CACHE=1).")
    var noTokenCache = false

    func run() async throws {
        let token = try await CommandFailure.oneLine("\(service.displayName) token") {
            try await fetchToken(transport: URLSessionTransport())
        }
        FileHandle.standardOutput.write(Data((token + "\n").utf8))
    }

    func fetchToken(transport: any HTTPTransport) async throws -> String {
        var lookup = CredentialLookup()
        switch service {
        case .masv:
            let base = lookup.url(url, flagName: "url", variables: ["MASV_API_URL"],
                                  fallback: URL(string: "https://api.massive.app"))
            let email = lookup.value(email, flagName: "email", variables: ["MASV_EMAIL"])
            let password = lookup.value(password, flagName: "password", variables: ["MASV_PASSWORD"])
            try lookup.requireComplete(for: "MASV")
            guard HTTPOrigin(base!) != nil else { throw CommandFailure("MASV: the URL has no host") }
            // The user session a MASVClient keeps to itself, whose token printing is this command's job: the same
            // sign-in and the same key in the token cache, so the CLI and an app on that cache share one token.
            let session = MASVClient.exportableUserSession(
                EmailPassword(email: email!, password: Secret(password!)), baseURL: base!, transport: transport,
                tokenStore: tokenCache())
            let token = try await session.token()
            await session.shutdown()
            return token.value.revealed

        case .spacelift:
            let endpoint = lookup.url(url, flagName: "url", variables: [SpaceliftEnvironment.endpointVariable])
            let id = lookup.value(keyID, flagName: "key-id", variables: [SpaceliftEnvironment.keyIDVariable])
            let secret = lookup.value(secret, flagName: "secret", variables: [SpaceliftEnvironment.keySecretVariable])
            try lookup.requireComplete(for: "Spacelift")
            let client = try SpaceliftClient(
                credential: .apiKey(KeyAndSecret(id: id!, secret: Secret(secret!))), baseURL: endpoint!, transport: transport,
                tokenStore: tokenCache())
            let token = try await client.currentToken()
            await client.shutdown()
            return token.revealed

        case .massdriver:
            let base = lookup.url(url, flagName: "url", variables: ["MASSDRIVER_URL"],
                                  fallback: MassdriverClient<MassdriverNoCredential>.productionBaseURL)
            let organization = lookup.value(organizationID, flagName: "org-id", variables: ["MASSDRIVER_ORG_ID"])
            let secret = lookup.value(
                secret, flagName: "secret", variables: ["MASSDRIVER_API_TOKEN", "MASSDRIVER_API_KEY"])
            try lookup.requireComplete(for: "Massdriver")
            let credential = try MassdriverEnvironmentCredential(
                environment: ["MASSDRIVER_ORG_ID": organization!, "MASSDRIVER_API_TOKEN": secret!])
            // Checked against the API first, so a wrong secret fails here rather than in the tool it is pasted into.
            _ = try await MassdriverClient(credential: credential, baseURL: base!, transport: transport).viewer()
            if credential.isAccessToken { return secret! }
            return "Basic " + Data("\(organization!):\(secret!)".utf8).base64EncodedString()

        case .mudstack:
            let base = lookup.url(url, flagName: "url", variables: ["MUDSTACK_API_URL"],
                                  fallback: MudstackClient.productionBaseURL)
            let account = lookup.value(accountID, flagName: "account-id", variables: ["MUDSTACK_ACCOUNT_ID"])
            let id = lookup.value(keyID, flagName: "key-id", variables: ["MUDSTACK_API_KEY"])
            let secret = lookup.value(secret, flagName: "secret", variables: ["MUDSTACK_API_SECRET"])
            try lookup.requireComplete(for: "Mudstack")
            let client = MudstackClient(
                credential: KeyAndSecret(id: id!, secret: Secret(secret!)), accountID: account!, baseURL: base!,
                transport: transport, tokenStore: tokenCache())
            let token = try await client.session.token()
            await client.shutdown()
            return token.value.revealed

        case .metaKraftwerk:
            let base = lookup.url(url, flagName: "url", variables: ["METAKRAFTWERK_URL"],
                                  fallback: MetaKraftwerkClient.productionBaseURL)
            let email = lookup.value(email, flagName: "email", variables: ["METAKRAFTWERK_EMAIL"])
            let password = lookup.value(password, flagName: "password", variables: ["METAKRAFTWERK_PASSWORD"])
            try lookup.requireComplete(for: "MetaKraftwerk")
            let client = MetaKraftwerkClient(
                credential: EmailPassword(email: email!, password: Secret(password!)), baseURL: base!,
                transport: transport, tokenStore: tokenCache())
            let token = try await client.session.token()
            await client.shutdown()
            return token.value.revealed
        }
    }
}

extension TokenCommand {
    /// The token cache in the platform's cache directory, or `nil` when turned off or unusable: a cache never turns
    /// a working command into a failing one.
    func tokenCache() -> TokenStoreConfiguration? {
        let environment = ProcessInfo.processInfo.environment
        guard !noTokenCache, (environment["SCOPEDAUTH_NO_TOKEN_CACHE"] ?? "").isEmpty else { return nil }
        guard let store = try? FileTokenStore(directory: FileTokenStore.defaultDirectory(application: "scopedauth")),
              let keyingKey = try? store.localKeyingKey()
        else { return nil }
        return TokenStoreConfiguration(store: store, keyingKey: keyingKey)
    }
}

/// The five services `scopedauth token` knows.
enum Service: String, CaseIterable, ExpressibleByArgument {
    case masv
    case spacelift
    case massdriver
    case mudstack
    case metaKraftwerk = "metakraftwerk"

    var displayName: String {
        switch self {
        case .masv: "MASV"
        case .spacelift: "Spacelift"
        case .massdriver: "Massdriver"
        case .mudstack: "Mudstack"
        case .metaKraftwerk: "MetaKraftwerk"
        }
    }
}
