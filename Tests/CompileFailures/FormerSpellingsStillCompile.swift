// expect-compiles
// Issue 20 renamed the clients' labels and constants; the former spellings still compile (deprecated, with a fix-it
// to the new name), so upgrading warns instead of breaking.
import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthMassdriver
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthSpacelift

func formerSpellings(endpoint: URL, key: KeyAndSecret, user: EmailPassword, token: Secret) throws {
    let retry: RetryMiddleware.RetryPolicy = .none
    _ = MASVClient(credential: .apiKey(token), baseURL: MASVClient.productionURL, retry: retry)
    _ = try SpaceliftClient(endpoint: endpoint, apiKey: key, policy: .default, retry: retry).endpoint
    _ = try SpaceliftClient(endpoint: endpoint, gitHubToken: token)
    _ = try SpaceliftClient(token: token, endpoint: endpoint, retry: retry)
    _ = try SpaceliftClient(apiKeyFrom: SpaceliftEnvironment([:]), policy: .default)
    _ = try SpaceliftClient(tokenFrom: SpaceliftEnvironment([:]), retry: retry)
    _ = MassdriverClient(credential: MassdriverNoCredential(), retry: retry)
    _ = MudstackClient(accountID: "a", key: key, baseURL: MudstackClient.defaultBaseURL)
    _ = MetaKraftwerkClient(credentials: user, policy: .default, retry: retry)
    var options = UploadOptions(chunkAttempts: 3, chunkRetryDelay: .seconds(1))
    options.chunkAttempts = 5
    options.chunkRetryDelay = .seconds(2)
    _ = HTTPClient.authorized(
        transport: URLSessionTransport(), source: nil, origin: HTTPOrigin(endpoint)!, clock: SystemAuthClock(),
        retry: retry)
}
