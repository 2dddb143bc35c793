// expect-error: cannot assign value of type 'SpaceliftClient<TokenSession>' to type 'SpaceliftClient<Source>'
// Spacelift: a client exists only over the SDK's session or static token; the public initialisers choose the
// source, so no client of a caller's own token source can be made.
import Foundation
import ScopedAuth
import ScopedAuthSpacelift

func wrap<Source: TokenSource>(_ source: Source, endpoint: URL, key: KeyAndSecret) throws -> SpaceliftClient<Source> {
    let client: SpaceliftClient<Source> = try SpaceliftClient(credential: .apiKey(key), baseURL: endpoint)
    return client
}
