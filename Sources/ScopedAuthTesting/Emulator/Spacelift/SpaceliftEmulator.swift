import Foundation
public import ScopedAuth

/// The Spacelift GraphQL API (`POST /graphql`) as SERVICES.md sections 2 and 7 describe it.
///
/// The operation is recognised by its root fields (`apiKeyUser`, `oauthUser`, `viewer`, `stacks`, `stack`,
/// `runTrigger`); arguments come from the query text with `$variables` resolved. Every selection is answered in
/// full. Behaviour:
/// - `apiKeyUser(id, secret)` and `oauthUser(token)` need no token and answer `{id, jwt, validUntil}`:
///   `validUntil` in integer Unix seconds, one hour ahead; the JWT's `iat`/`exp` are fractional seconds
///   (the server stamps sub-second time) with `exp` ≥ `validUntil`, and `aud` is `[account URL]`. An unknown
///   id, a wrong secret or a revoked key answers HTTP 200 `{"data":{"apiKeyUser":null}}`.
/// - `viewer`, `stack(id)` and `runTrigger` with a missing, unknown, revoked or expired token answer HTTP 200
///   `{"data":null,"errors":[{"message":"unauthorized"}]}`, counted by ``EmulatorCounters/unauthorized(_:)``.
/// - `stacks` with an expired or a missing token answers `{"data":{"stacks":[]}}` (the documented quirk: the
///   server treats the caller as anonymous); with an unknown or revoked token it answers "unauthorized".
/// - Errors made by the emulator itself (bad JSON, wrong path, injected status) use
///   `{"errors":[{"message":...}],"data":null}`.
///
/// ```swift
/// let key = emulator.spacelift.seededAPIKey
/// emulator.spacelift.revokeAPIKey(id: key.id)
/// ```
public final class SpaceliftEmulator: EmulatedService, Sendable {
    /// How long an exchanged token is valid.
    public static let tokenLifetime = Duration.seconds(3600)

    private struct APIKey {
        var name: String
        var secret: Secret
        var isRevoked = false
    }

    private struct GitHubUser {
        var login: String
        var isRevoked = false
    }

    private struct IssuedToken {
        var subject: String
        var viewerID: String
        var viewerName: String
        var expiresAt: Date
        var isRevoked = false
    }

    private struct State {
        var apiKeys: [String: APIKey] = [:]
        var gitHubTokens: [String: GitHubUser] = [:]
        var issuedTokens: [String: IssuedToken] = [:]
        var stacks: [SpaceliftStack] = []
        var runs: [SpaceliftRun] = []
        var exchangeAttempts: [String: Int] = [:]
        var seededAPIKey = KeyAndSecret(id: "", secret: Secret(""))
        var seededGitHubToken = Secret("")
    }

    package let id = EmulatedServiceID.spacelift
    private let environment: EmulatorEnvironment
    private let state = LockedValue(State())

    package init(environment: EmulatorEnvironment) {
        self.environment = environment
        let created = environment.serverNow.addingTimeInterval(-30 * 86_400)
        let key = addAPIKey(name: "emulator seeded key")
        let gitHubToken = addGitHubToken(login: "octocat")
        state.withLock {
            $0.seededAPIKey = key
            $0.seededGitHubToken = gitHubToken
        }
        addStack(SpaceliftStack(id: "my-stack-1", name: "My Stack 1", createdAt: created, description: "Network"))
        addStack(SpaceliftStack(id: "my-stack-2", name: "My Stack 2", createdAt: created, state: "NONE"))
    }

    // MARK: Seeding

    /// The account endpoint URL: the tokens' `aud`, such as `https://example.app.spacelift.io`.
    public var accountURL: String {
        var text = environment.origins.spacelift.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// The API key seeded at start: exchange it with `apiKeyUser(id, secret)`.
    public var seededAPIKey: KeyAndSecret { state.withLock { $0.seededAPIKey } }

    /// The GitHub token seeded at start (user `octocat`): exchange it with `oauthUser(token)`.
    public var seededGitHubToken: Secret { state.withLock { $0.seededGitHubToken } }

    /// Adds an API key and returns its id (a ULID) and secret.
    @discardableResult
    public func addAPIKey(name: String = "emulated key") -> KeyAndSecret {
        let id = environment.mint.ulid()
        let secret = Secret(environment.mint.secret(length: 64))
        state.withLock { $0.apiKeys[id] = APIKey(name: name, secret: secret) }
        return KeyAndSecret(id: id, secret: secret)
    }

    /// Revokes an API key: it can no longer be exchanged, and the tokens it produced are refused.
    public func revokeAPIKey(id: String) {
        state.withLock { state in
            state.apiKeys[id]?.isRevoked = true
            for (token, issued) in state.issuedTokens where issued.subject == Self.subject(apiKeyID: id) {
                state.issuedTokens[token]?.isRevoked = true
            }
        }
    }

    /// Adds a GitHub token for `login` that `oauthUser(token)` accepts.
    @discardableResult
    public func addGitHubToken(login: String) -> Secret {
        let token = Secret("ghp_" + environment.mint.secret(length: 36))
        state.withLock { $0.gitHubTokens[token.revealed] = GitHubUser(login: login) }
        return token
    }

    /// Revokes a GitHub token: it can no longer be exchanged.
    public func revokeGitHubToken(_ token: Secret) {
        state.withLock { $0.gitHubTokens[token.revealed]?.isRevoked = true }
    }

    /// Makes every token issued so far unusable before its expiry, as a server-side session reset does.
    public func revokeIssuedTokens() {
        state.withLock { state in
            for token in state.issuedTokens.keys { state.issuedTokens[token]?.isRevoked = true }
        }
    }

    /// Adds (or replaces, by id) a stack.
    public func addStack(_ stack: SpaceliftStack) {
        state.withLock { state in
            state.stacks.removeAll { $0.id == stack.id }
            state.stacks.append(stack)
        }
    }

    /// The stacks, in the order they were added.
    public var stacks: [SpaceliftStack] { state.withLock { $0.stacks } }

    /// The runs that `runTrigger` started, oldest first.
    public var triggeredRuns: [SpaceliftRun] { state.withLock { $0.runs } }

    /// How many times `apiKeyUser` was called with `keyID`, successful or not (successful exchanges are in
    /// ``EmulatorCounters/exchanges(_:credential:)`` under the key id).
    public func exchangeAttempts(keyID: String) -> Int {
        state.withLock { $0.exchangeAttempts[keyID] ?? 0 }
    }

    // MARK: Serving

    package func errorResponse(status: Int, message: String) -> HTTPResponse {
        .json(status: status, ["errors": [["message": message]], "data": NSNull()])
    }

    package func respond(to request: EmulatorRequest, context: EmulatorContext) -> HTTPResponse {
        guard request.pathComponents == ["graphql"] else {
            return errorResponse(status: 404, message: "not found: \(request.path)")
        }
        guard request.method == .post else {
            return errorResponse(status: 405, message: "method not allowed: use POST")
        }
        guard let body = request.jsonObject() else {
            return errorResponse(status: 400, message: "request body must be a JSON object")
        }
        guard let operation = GraphQLOperation(body: body) else {
            return errorResponse(status: 400, message: "could not parse the GraphQL query")
        }
        let caller = authenticate(request.bearerToken, now: context.now)
        var results: [(responseKey: String, result: GraphQLFieldResult)] = []
        for field in operation.rootFields {
            guard let result = resolve(field, caller: caller, context: context) else {
                context.counters.recordUnauthorized(id)
                return .json(["data": NSNull(), "errors": [["message": "unauthorized"]]])
            }
            results.append((field.responseKey, result))
        }
        return .graphQL(results)
    }

    private enum Caller {
        case authenticated(IssuedToken)
        case expired
        case anonymous
        case rejected
    }

    private func authenticate(_ token: String?, now: Date) -> Caller {
        guard let token else { return .anonymous }
        guard let issued = state.withLock({ $0.issuedTokens[token] }), !issued.isRevoked else { return .rejected }
        return now < issued.expiresAt ? .authenticated(issued) : .expired
    }

    /// The field's result, or `nil` when the whole request must answer "unauthorized".
    private func resolve(_ field: GraphQLOperation.RootField, caller: Caller, context: EmulatorContext)
        -> GraphQLFieldResult?
    {
        switch field.name {
        case "apiKeyUser":
            return .value(exchangeAPIKey(field.arguments, context: context))
        case "oauthUser":
            return .value(exchangeGitHubToken(field.arguments, context: context))
        case "stacks":
            switch caller {
            case .authenticated: return .value(stacks.map(Self.json))
            case .expired, .anonymous: return .value([Any]())
            case .rejected: return nil
            }
        default:
            break
        }
        guard case .authenticated(let user) = caller else {
            return Self.isKnownField(field.name) ? nil : Self.unknownField(field.name)
        }
        switch field.name {
        case "viewer":
            return .value(["id": user.viewerID, "name": user.viewerName])
        case "stack":
            let stackID = field.arguments["id"] as? String
            return .value(stacks.first { $0.id == stackID }.map(Self.json) ?? NSNull())
        case "runTrigger":
            return triggerRun(field.arguments, by: user, context: context)
        default:
            return Self.unknownField(field.name)
        }
    }

    private static func isKnownField(_ name: String) -> Bool {
        ["viewer", "stack", "runTrigger"].contains(name)
    }

    private static func unknownField(_ name: String) -> GraphQLFieldResult {
        .error(["message": "Cannot query field \"\(name)\" on this schema"])
    }

    private func exchangeAPIKey(_ arguments: [String: Any], context: EmulatorContext) -> Any {
        guard let keyID = arguments["id"] as? String, let secret = arguments["secret"] as? String else {
            return NSNull()
        }
        let key = state.withLock { state -> APIKey? in
            state.exchangeAttempts[keyID, default: 0] += 1
            return state.apiKeys[keyID]
        }
        guard let key, !key.isRevoked, key.secret == Secret(secret) else { return NSNull() }
        context.counters.recordExchange(id, credential: keyID)
        return issueToken(subject: Self.subject(apiKeyID: keyID), userID: keyID, name: key.name, context: context)
    }

    private func exchangeGitHubToken(_ arguments: [String: Any], context: EmulatorContext) -> Any {
        guard let token = arguments["token"] as? String,
            let user = state.withLock({ $0.gitHubTokens[token] }), !user.isRevoked
        else { return NSNull() }
        context.counters.recordExchange(id, credential: user.login)
        return issueToken(subject: "github::\(user.login)", userID: user.login, name: user.login, context: context)
    }

    private static func subject(apiKeyID: String) -> String { "api::\(apiKeyID)" }

    /// Mints a token valid for ``tokenLifetime`` and answers the user object `{id, jwt, validUntil}`.
    private func issueToken(subject: String, userID: String, name: String, context: EmulatorContext) -> [String: Any] {
        // A real server stamps sub-second time; a ManualClock sits on whole seconds, so add the fraction here
        // to keep `iat`/`exp` fractional as Spacelift's are (and `exp` never earlier than `validUntil`).
        let milliseconds = 1 + Int(context.mint.randomBytes(2).reduce(0) { $0 << 8 | Int($1) } % 998)
        let issuedAt = context.now.addingTimeInterval(Double(milliseconds) / 1000)
        let expiresAt = issuedAt.addingTimeInterval(Self.tokenLifetime.timeInterval)
        let validUntil = Int(context.now.addingTimeInterval(Self.tokenLifetime.timeInterval).timeIntervalSince1970)
        let jwt = context.mint.sessionToken(
            for: .spacelift,
            subject: subject,
            issuedAt: issuedAt,
            expiresAt: expiresAt,
            fractionalSeconds: true,
            claims: ["aud": [accountURL], "iss": "spacelift", "nbf": issuedAt.timeIntervalSince1970]
        )
        state.withLock {
            $0.issuedTokens[jwt] = IssuedToken(subject: subject, viewerID: userID, viewerName: name, expiresAt: expiresAt)
        }
        return ["id": userID, "jwt": jwt, "validUntil": validUntil]
    }

    private func triggerRun(_ arguments: [String: Any], by user: IssuedToken, context: EmulatorContext)
        -> GraphQLFieldResult
    {
        guard let stackID = arguments["stack"] as? String, stacks.contains(where: { $0.id == stackID }) else {
            return .error(["message": "stack not found"])
        }
        let run = SpaceliftRun(
            id: context.mint.ulid(),
            stackID: stackID,
            commitSHA: arguments["commitSha"] as? String,
            type: arguments["runType"] as? String ?? "TRACKED",
            triggeredBy: user.subject
        )
        state.withLock { $0.runs.append(run) }
        return .value(["id": run.id, "title": "Triggered by \(user.viewerName)", "type": run.type])
    }

    private static func json(_ stack: SpaceliftStack) -> [String: Any] {
        [
            "id": stack.id, "name": stack.name, "createdAt": Int(stack.createdAt.timeIntervalSince1970),
            "description": stack.description ?? NSNull(), "state": stack.state, "branch": stack.branch,
        ]
    }
}
