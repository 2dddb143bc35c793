public import ScopedAuth

/// Hands every request the same first token and asks `base` for every replacement: how a client without
/// coalescing meets a 401 storm once its one token has been rejected.
public struct PinnedTokenSource: TokenSource {
    public let first: AccessToken
    public let base: any TokenSource

    public init(first: AccessToken, base: any TokenSource) {
        self.first = first
        self.base = base
    }

    public func token() async throws -> AccessToken { first }

    public func replacement(afterRejectionOf generation: TokenGeneration) async throws -> AccessToken? {
        try await base.replacement(afterRejectionOf: generation)
    }

    public func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
        base.authorize(&request, with: token)
    }

    public func isTokenRejected(_ response: HTTPResponse) -> Bool { base.isTokenRejected(response) }
}
