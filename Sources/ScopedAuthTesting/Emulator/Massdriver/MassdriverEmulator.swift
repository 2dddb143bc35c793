public import Foundation
public import ScopedAuth

/// The Massdriver GraphQL API (`POST /api/v1` and `POST /api/v2`) as SERVICES.md sections 3 and 7 describe it.
///
/// Credentials, by endpoint:
/// - `/api/v1`: `Authorization: Basic base64(organization:secret)` of a service account, or the deprecated
///   `x-md-api-key: <secret>`. A `Bearer` token is refused here (UNAUTHENTICATED): access tokens belong to v2.
/// - `/api/v2`: `Authorization: Bearer md_…` access tokens, refused after their `expiresAt`; Basic is also
///   accepted, as the v2 docs' curl example shows. `x-md-api-key` is not read on v2.
///
/// Operations (by root field): `server { mode version appUrl }` needs no credentials; `viewer` answers the
/// `ServiceAccountViewer`; `projects` / `environments` page with `cursor: {limit, next, previous}` (limit 1–100,
/// default 20) and answer `{items, cursor {next previous}}`; `project(organizationId, id)`; the mutation
/// `createProject(organizationId, input: {name, description})` answers `{successful, result, messages}`.
///
/// Auth and permission failures answer HTTP 200 with the field `null` and an error carrying both `"code"` and
/// `"extensions": {"code"}`: UNAUTHENTICATED (no, wrong, revoked or expired credentials; counted by
/// ``EmulatorCounters/unauthorized(_:)``), FORBIDDEN (an organization other than the caller's), NOT_FOUND
/// (an unknown organization, or a project not in the caller's organization, so other organizations' projects
/// are not revealed).
///
/// Seeded: organization `acme` with a service account (``seededServiceAccount``), a 60-minute access token
/// (``seededAccessToken``), 45 projects and 30 environments (several pages); organization `globex` with one
/// project.
public final class MassdriverEmulator: EmulatedService, Sendable {
    /// The lifetime of an access token when none is given.
    public static let defaultAccessTokenLifetime = Duration.seconds(3600)

    private struct Account {
        var credentials: MassdriverServiceAccount
        var name: String
        var description: String?
        var createdAt: Date
        var isRevoked = false
    }

    private struct AccessToken {
        var accountID: String
        var expiresAt: Date
        var isRevoked = false
    }

    private struct State {
        var organizations: [String: String] = [:]
        var accounts: [String: Account] = [:]
        var accessTokens: [String: AccessToken] = [:]
        var projects: [MassdriverProject] = []
        var environments: [MassdriverEnvironment] = []
        var seededServiceAccount: MassdriverServiceAccount?
        var seededAccessToken: (token: Secret, expiresAt: Date)?
    }

    package let id = EmulatedServiceID.massdriver
    private let environment: EmulatorEnvironment
    private let state = LockedValue(State())

    package init(environment: EmulatorEnvironment) {
        self.environment = environment
        addOrganization(id: "acme", name: "Acme Inc")
        addOrganization(id: "globex", name: "Globex")
        let account = addServiceAccount(organization: "acme", name: "ci-deployer")
        let token = issueAccessToken(for: account)
        state.withLock {
            $0.seededServiceAccount = account
            $0.seededAccessToken = token
        }
        for number in 1...45 {
            let projectID = "project-" + (number < 10 ? "0\(number)" : "\(number)")
            addProject(MassdriverProject(id: projectID, organizationID: "acme", name: "Project \(number)"))
            guard number <= 15 else { continue }
            for name in ["prod", "staging"] {
                addEnvironment(
                    MassdriverEnvironment(
                        id: "\(projectID)-\(name)", organizationID: "acme", projectID: projectID, name: name))
            }
        }
        addProject(MassdriverProject(id: "globex-secret", organizationID: "globex", name: "Secret", description: nil))
        addEnvironment(
            MassdriverEnvironment(id: "globex-secret-prod", organizationID: "globex", projectID: "globex-secret", name: "prod"))
    }

    // MARK: Seeding

    /// The service account seeded at start in organization `acme`.
    public var seededServiceAccount: MassdriverServiceAccount {
        state.withLock { $0.seededServiceAccount } ?? MassdriverServiceAccount(id: "", organizationID: "", secret: Secret(""))
    }

    /// The `md_` access token seeded at start for ``seededServiceAccount``, valid for 60 minutes from start.
    public var seededAccessToken: (token: Secret, expiresAt: Date) {
        state.withLock { $0.seededAccessToken } ?? (Secret(""), .distantPast)
    }

    /// Adds (or renames) an organization.
    public func addOrganization(id: String, name: String) {
        state.withLock { $0.organizations[id] = name }
    }

    /// Adds a service account to `organization` (created if unknown) and returns its credentials.
    @discardableResult
    public func addServiceAccount(
        organization: String,
        name: String = "service account",
        description: String? = nil
    ) -> MassdriverServiceAccount {
        let credentials = MassdriverServiceAccount(
            id: environment.mint.uuid(), organizationID: organization, secret: Secret(environment.mint.secret())
        )
        let account = Account(credentials: credentials, name: name, description: description, createdAt: environment.serverNow)
        state.withLock { state in
            if state.organizations[organization] == nil { state.organizations[organization] = organization }
            state.accounts[credentials.id] = account
        }
        return credentials
    }

    /// Revokes a service account: its secret and its access tokens are refused from now on.
    public func revokeServiceAccount(id: String) {
        state.withLock { $0.accounts[id]?.isRevoked = true }
    }

    /// Issues an opaque `md_…` access token for `account` (the seeded one when `nil`), as
    /// `createAccessToken(input: {expiresInMinutes})` does.
    ///
    /// - Returns: The token and the moment it stops being accepted (the server's clock plus `expiresIn`).
    @discardableResult
    public func issueAccessToken(
        for account: MassdriverServiceAccount? = nil,
        expiresIn: Duration = defaultAccessTokenLifetime
    ) -> (token: Secret, expiresAt: Date) {
        let accountID = account?.id ?? seededServiceAccount.id
        let token = "md_" + environment.mint.secret(length: 40)
        let expiresAt = environment.serverNow.addingTimeInterval(expiresIn.timeInterval)
        state.withLock { $0.accessTokens[token] = AccessToken(accountID: accountID, expiresAt: expiresAt) }
        return (Secret(token), expiresAt)
    }

    /// Revokes an access token before its expiry.
    public func revokeAccessToken(_ token: Secret) {
        state.withLock { $0.accessTokens[token.revealed]?.isRevoked = true }
    }

    /// Adds (or replaces, by id) a project.
    public func addProject(_ project: MassdriverProject) {
        state.withLock { state in
            state.projects.removeAll { $0.id == project.id }
            state.projects.append(project)
        }
    }

    /// Adds (or replaces, by id) an environment.
    public func addEnvironment(_ environment: MassdriverEnvironment) {
        state.withLock { state in
            state.environments.removeAll { $0.id == environment.id }
            state.environments.append(environment)
        }
    }

    /// Every project of every organization, in the order added (including those made by `createProject`).
    public var projects: [MassdriverProject] { state.withLock { $0.projects } }

    // MARK: Serving

    package func errorResponse(status: Int, message: String) -> HTTPResponse {
        let code: String =
            switch status {
            case 400: "BAD_REQUEST"
            case 401: "UNAUTHENTICATED"
            case 403: "FORBIDDEN"
            case 404: "NOT_FOUND"
            case 429: "RATE_LIMITED"
            default: "INTERNAL_SERVER_ERROR"
            }
        return .json(status: status, ["errors": [Self.error(code, message)], "data": NSNull()])
    }

    private static func error(_ code: String, _ message: String) -> [String: Any] {
        ["message": message, "code": code, "extensions": ["code": code]]
    }

    package func respond(to request: EmulatorRequest, context: EmulatorContext) -> HTTPResponse {
        let version: APIVersion
        switch request.pathComponents {
        case ["api", "v1"]: version = .v1
        case ["api", "v2"]: version = .v2
        default: return errorResponse(status: 404, message: "not found: \(request.path)")
        }
        guard request.method == .post else {
            return errorResponse(status: 405, message: "method not allowed: use POST")
        }
        guard let body = request.jsonObject(), let operation = GraphQLOperation(body: body) else {
            return errorResponse(status: 400, message: "request body must be {\"query\", \"variables\"} JSON")
        }
        let caller = authenticate(request, version: version, now: context.now)
        var results: [(responseKey: String, result: GraphQLFieldResult)] = []
        var answeredUnauthenticated = false
        for field in operation.rootFields {
            let result = resolve(field, caller: caller, context: context)
            if case .error(let error) = result, error["code"] as? String == "UNAUTHENTICATED" {
                answeredUnauthenticated = true
            }
            results.append((field.responseKey, result))
        }
        if answeredUnauthenticated { context.counters.recordUnauthorized(id) }
        return .graphQL(results)
    }

    // MARK: Authentication

    private enum APIVersion { case v1, v2 }

    private enum Caller {
        case account(Account)
        case unauthenticated(String)
    }

    private func authenticate(_ request: EmulatorRequest, version: APIVersion, now: Date) -> Caller {
        let authorization = request.header("Authorization")?.trimmingCharacters(in: .whitespaces)
        if let authorization, authorization.lowercased().hasPrefix("basic ") {
            return authenticateBasic(String(authorization.dropFirst(6)))
        }
        if let token = request.bearerToken {
            guard version == .v2 else { return .unauthenticated("Bearer access tokens are accepted on /api/v2") }
            return authenticateAccessToken(token, now: now)
        }
        if authorization != nil { return .unauthenticated("Unsupported authorization scheme") }
        if version == .v1, let key = request.header("x-md-api-key") {
            let account = state.withLock { $0.accounts.values.first { $0.credentials.secret == Secret(key) } }
            guard let account, !account.isRevoked else { return .unauthenticated("Invalid credentials") }
            return .account(account)
        }
        return .unauthenticated("Authentication required")
    }

    private func authenticateBasic(_ encoded: String) -> Caller {
        guard let decoded = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return .unauthenticated("Malformed Basic credentials") }
        let organization = String(text[..<colon])
        let secret = Secret(String(text[text.index(after: colon)...]))
        let account = state.withLock { state in
            state.accounts.values.first { $0.credentials.organizationID == organization && $0.credentials.secret == secret }
        }
        guard let account, !account.isRevoked else { return .unauthenticated("Invalid credentials") }
        return .account(account)
    }

    private func authenticateAccessToken(_ token: String, now: Date) -> Caller {
        let found = state.withLock { state -> (AccessToken, Account?)? in
            guard let issued = state.accessTokens[token] else { return nil }
            return (issued, state.accounts[issued.accountID])
        }
        guard let (issued, account) = found, !issued.isRevoked, let account, !account.isRevoked else {
            return .unauthenticated("Invalid access token")
        }
        guard now < issued.expiresAt else { return .unauthenticated("Access token has expired") }
        return .account(account)
    }

    // MARK: Operations

    private func resolve(_ field: GraphQLOperation.RootField, caller: Caller, context: EmulatorContext)
        -> GraphQLFieldResult
    {
        let knownFields = ["viewer", "projects", "project", "environments", "createProject"]
        if field.name == "server" {
            return .value(["mode": "MANAGED", "version": "1.42.0", "appUrl": "https://app.massdriver.cloud"])
        }
        guard knownFields.contains(field.name) else {
            return .error(Self.error("GRAPHQL_VALIDATION_FAILED", "Cannot query field \"\(field.name)\""))
        }
        let account: Account
        switch caller {
        case .unauthenticated(let message): return .error(Self.error("UNAUTHENTICATED", message))
        case .account(let authenticated): account = authenticated
        }
        if field.name == "viewer" { return .value(viewer(account)) }
        let organizationID: String
        switch authorize(field.arguments["organizationId"], for: account) {
        case .denied(let error): return error
        case .granted(let id): organizationID = id
        }
        switch field.name {
        case "projects":
            let projects = state.withLock { $0.projects.filter { $0.organizationID == organizationID } }
            return page(projects.map(Self.json), cursor: field.arguments["cursor"])
        case "project":
            let projectID = field.arguments["id"] as? String
            guard let project = projects.first(where: { $0.id == projectID && $0.organizationID == organizationID })
            else { return .error(Self.error("NOT_FOUND", "Project not found")) }
            return .value(Self.json(project))
        case "environments":
            let projectFilter = ((field.arguments["filter"] as? [String: Any])?["projectId"] as? [String: Any])?["eq"]
            let environments = state.withLock { state in
                state.environments.filter { environment in
                    environment.organizationID == organizationID
                        && (projectFilter == nil || projectFilter as? String == environment.projectID)
                }
            }
            return page(environments.map(Self.json), cursor: field.arguments["cursor"])
        default:
            return createProject(field.arguments["input"], in: organizationID)
        }
    }

    private func viewer(_ account: Account) -> [String: Any] {
        let organizationID = account.credentials.organizationID
        let organizationName = state.withLock { $0.organizations[organizationID] } ?? organizationID
        let created = ISO8601DateFormatter().string(from: account.createdAt)
        return [
            "__typename": "ServiceAccountViewer", "id": account.credentials.id, "name": account.name,
            "description": account.description ?? NSNull(), "createdAt": created, "updatedAt": created,
            "organization": ["id": organizationID, "name": organizationName],
        ]
    }

    /// The caller's organization when `argument` names it; FORBIDDEN for another existing organization,
    /// NOT_FOUND for an unknown one.
    private func authorize(_ argument: Any?, for account: Account) -> OrganizationAccess {
        guard let requested = argument as? String, !requested.isEmpty else {
            return .denied(.error(Self.error("BAD_REQUEST", "organizationId is required")))
        }
        if requested == account.credentials.organizationID { return .granted(requested) }
        if state.withLock({ $0.organizations[requested] != nil }) {
            return .denied(.error(Self.error("FORBIDDEN", "You do not have permission to access this organization")))
        }
        return .denied(.error(Self.error("NOT_FOUND", "Organization not found")))
    }

    private enum OrganizationAccess {
        case granted(String)
        case denied(GraphQLFieldResult)
    }

    /// One page of `items` per the `cursor: {limit, next, previous}` argument.
    private func page(_ items: [[String: Any]], cursor argument: Any?) -> GraphQLFieldResult {
        let cursor = argument as? [String: Any] ?? [:]
        let limit = cursor["limit"] is NSNull ? 20 : cursor["limit"].map { $0 as? Int ?? 0 } ?? 20
        guard (1...100).contains(limit) else {
            return .error(Self.error("BAD_REQUEST", "cursor.limit must be between 1 and 100"))
        }
        var start = 0
        for key in ["next", "previous"] {
            guard let value = cursor[key], !(value is NSNull) else { continue }
            guard let text = value as? String, let offset = Self.decodeCursor(text), offset <= items.count else {
                return .error(Self.error("BAD_REQUEST", "invalid cursor"))
            }
            start = offset
        }
        let end = min(items.count, start + limit)
        let next: Any = end < items.count ? Self.encodeCursor(end) : NSNull()
        let previous: Any = start > 0 ? Self.encodeCursor(max(0, start - limit)) : NSNull()
        return .value(["items": Array(items[start..<end]), "cursor": ["next": next, "previous": previous]])
    }

    private static func encodeCursor(_ offset: Int) -> String {
        Data("offset:\(offset)".utf8).base64URLEncodedString()
    }

    private static func decodeCursor(_ text: String) -> Int? {
        guard let data = Data(base64URLEncoded: text), let decoded = String(data: data, encoding: .utf8),
            decoded.hasPrefix("offset:"), let offset = Int(decoded.dropFirst(7)), offset >= 0
        else { return nil }
        return offset
    }

    private func createProject(_ argument: Any?, in organizationID: String) -> GraphQLFieldResult {
        let input = argument as? [String: Any] ?? [:]
        let name = (input["name"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        func failed(_ message: String, code: String) -> GraphQLFieldResult {
            .value([
                "successful": false, "result": NSNull(),
                "messages": [["field": "name", "message": message, "code": code]],
            ])
        }
        guard !name.isEmpty else { return failed("can't be blank", code: "required") }
        let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        let project = MassdriverProject(
            id: slug, organizationID: organizationID, name: name, description: input["description"] as? String)
        let created = state.withLock { state -> Bool in
            guard !state.projects.contains(where: { $0.id == slug }) else { return false }
            state.projects.append(project)
            return true
        }
        guard created else { return failed("has already been taken", code: "unique") }
        return .value(["successful": true, "result": Self.json(project), "messages": [Any]()])
    }

    private static func json(_ project: MassdriverProject) -> [String: Any] {
        [
            "id": project.id, "name": project.name, "description": project.description ?? NSNull(),
            "attributes": [String: Any](),
        ]
    }

    private static func json(_ environment: MassdriverEnvironment) -> [String: Any] {
        ["id": environment.id, "name": environment.name, "project": ["id": environment.projectID]]
    }
}
