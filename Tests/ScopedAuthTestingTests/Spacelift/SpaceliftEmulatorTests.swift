import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("Spacelift emulator")
struct SpaceliftEmulatorTests {
    let clock = ManualClock()
    let emulator: Emulator
    var url: URL { emulator.origins.spacelift.at("/graphql") }
    static let exchangeQuery = """
        mutation GetSpaceliftToken($id: ID!, $secret: String!) {
          apiKeyUser(id: $id, secret: $secret) { id jwt validUntil }
        }
        """

    init() {
        emulator = Emulator(clock: clock)
    }

    func send(_ query: String, variables: [String: Any] = [:], bearer: String? = nil) async throws -> HTTPResponse {
        try await emulator.transport.send(Raw.graphQL(url, query, variables: variables, bearer: bearer))
    }

    func exchange(_ key: KeyAndSecret) async throws -> HTTPResponse {
        try await send(Self.exchangeQuery, variables: ["id": key.id, "secret": key.secret.revealed])
    }

    /// Exchanges the seeded key and returns the JWT.
    func token() async throws -> String {
        let body = try Raw.json(try await exchange(emulator.spacelift.seededAPIKey))
        let user = try #require((body["data"] as? [String: Any])?["apiKeyUser"] as? [String: Any])
        return try #require(user["jwt"] as? String)
    }

    func expectUnauthorized(_ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == 200, sourceLocation: sourceLocation)
        #expect(Raw.canonical(response) == #"{"data":null,"errors":[{"message":"unauthorized"}]}"#,
            sourceLocation: sourceLocation)
    }

    // MARK: Exchange

    @Test func apiKeyUserAnswersAJWTValidForOneHour() async throws {
        let key = emulator.spacelift.seededAPIKey
        let response = try await exchange(key)
        #expect(response.status == 200)
        let body = try Raw.json(response)
        #expect(body["errors"] == nil)
        let user = try #require((body["data"] as? [String: Any])?["apiKeyUser"] as? [String: Any])
        #expect(user["id"] as? String == key.id)
        let now = Int(clock.wallClockNow.timeIntervalSince1970)
        // validUntil is an integer number of seconds.
        let validUntilText = try #require(Raw.canonical(response).firstMatch(of: /"validUntil":(\d+)\}/))
        #expect(Int(validUntilText.1) == now + 3600)
        #expect(emulator.counters.exchanges(.spacelift, credential: key.id) == 1)
        #expect(emulator.spacelift.exchangeAttempts(keyID: key.id) == 1)
    }

    @Test func theJWTHasFractionalTimesAndTheAccountAudience() async throws {
        let jwt = try await token()
        let payloadText = try #require(Raw.jwtPayload(jwt))
        let exp = try #require(payloadText.firstMatch(of: /"exp":([0-9.]+)/))
        let iat = try #require(payloadText.firstMatch(of: /"iat":([0-9.]+)/))
        #expect(exp.1.contains("."))
        #expect(iat.1.contains("."))
        let payload = try #require(
            try JSONSerialization.jsonObject(with: Data(payloadText.utf8)) as? [String: Any])
        #expect(payload["aud"] as? [String] == ["https://example.app.spacelift.io"])
        #expect(payload["sub"] as? String == "api::\(emulator.spacelift.seededAPIKey.id)")
        #expect(payload["jti"] is String)
        let expiry = try #require(payload["exp"] as? Double)
        let issued = try #require(payload["iat"] as? Double)
        #expect(abs(expiry - issued - 3600) < 0.001)
        let validUntil = clock.wallClockNow.timeIntervalSince1970 + 3600
        #expect(expiry >= validUntil && expiry < validUntil + 1)
        let claims = try JWTClaims(token: jwt)
        #expect(abs((claims.expiresAt?.timeIntervalSince1970 ?? 0) - expiry) < 0.001)
    }

    @Test func eachExchangeMintsADifferentTokenAndCountsPerKey() async throws {
        let other = emulator.spacelift.addAPIKey(name: "second")
        let first = try await token()
        let second = try await token()
        #expect(first != second)
        _ = try await exchange(other)
        #expect(emulator.counters.exchanges(.spacelift, credential: emulator.spacelift.seededAPIKey.id) == 2)
        #expect(emulator.counters.exchanges(.spacelift, credential: other.id) == 1)
        #expect(emulator.counters.exchanges(.spacelift) == 3)
    }

    @Test func aWrongSecretAnUnknownIdOrARevokedKeyAnswerNull() async throws {
        let key = emulator.spacelift.seededAPIKey
        let revoked = emulator.spacelift.addAPIKey()
        emulator.spacelift.revokeAPIKey(id: revoked.id)
        let attempts = [
            KeyAndSecret(id: key.id, secret: Secret("wrong")),
            KeyAndSecret(id: "01UNKNOWNUNKNOWNUNKNOWN000", secret: key.secret),
            revoked,
        ]
        for attempt in attempts {
            let response = try await exchange(attempt)
            #expect(response.status == 200)
            #expect(Raw.canonical(response) == #"{"data":{"apiKeyUser":null}}"#)
        }
        #expect(emulator.counters.exchanges(.spacelift) == 0)
        #expect(emulator.spacelift.exchangeAttempts(keyID: key.id) == 1)
        #expect(emulator.spacelift.exchangeAttempts(keyID: revoked.id) == 1)
        #expect(emulator.counters.unauthorized(.spacelift) == 0)
    }

    @Test func argumentsMayBeInlineOrUnderOtherVariableNamesAndAliased() async throws {
        let key = emulator.spacelift.seededAPIKey
        let inline = try await send(
            #"mutation { login: apiKeyUser(id: "\#(key.id)", secret: "\#(key.secret.revealed)") { jwt } }"#)
        let inlineUser = (try Raw.json(inline)["data"] as? [String: Any])?["login"] as? [String: Any]
        #expect(inlineUser?["jwt"] is String)
        let renamed = try await send(
            "mutation($k: ID!, $s: String!) { apiKeyUser(id: $k, secret: $s) { jwt } }",
            variables: ["k": key.id, "s": key.secret.revealed])
        let renamedUser = (try Raw.json(renamed)["data"] as? [String: Any])?["apiKeyUser"] as? [String: Any]
        #expect(renamedUser?["jwt"] is String)
    }

    @Test func oauthUserExchangesASeededGitHubToken() async throws {
        let response = try await send(
            "mutation($token: String!) { oauthUser(token: $token) { jwt validUntil } }",
            variables: ["token": emulator.spacelift.seededGitHubToken.revealed])
        let user = try #require((try Raw.json(response)["data"] as? [String: Any])?["oauthUser"] as? [String: Any])
        let jwt = try #require(user["jwt"] as? String)
        #expect(user["validUntil"] as? Int == Int(clock.wallClockNow.timeIntervalSince1970) + 3600)
        #expect(emulator.counters.exchanges(.spacelift, credential: "octocat") == 1)
        let viewer = try await send("{ viewer { id name } }", bearer: jwt)
        #expect(Raw.canonical(viewer) == #"{"data":{"viewer":{"id":"octocat","name":"octocat"}}}"#)
    }

    @Test func anUnknownOrRevokedGitHubTokenAnswersNull() async throws {
        let token = emulator.spacelift.addGitHubToken(login: "hubot")
        emulator.spacelift.revokeGitHubToken(token)
        for candidate in [token.revealed, "ghp_unknown"] {
            let response = try await send(
                "mutation($token: String!) { oauthUser(token: $token) { jwt } }", variables: ["token": candidate])
            #expect(Raw.canonical(response) == #"{"data":{"oauthUser":null}}"#)
        }
    }

    // MARK: Queries with a token

    @Test func viewerAnswersTheKeyUser() async throws {
        let response = try await send("query { viewer { id name } }", bearer: try await token())
        let key = emulator.spacelift.seededAPIKey
        #expect(Raw.canonical(response) == #"{"data":{"viewer":{"id":"\#(key.id)","name":"emulator seeded key"}}}"#)
    }

    @Test(arguments: [nil, "garbage", "a.b.c"])
    func viewerWithoutAValidTokenAnswersUnauthorized(token: String?) async throws {
        expectUnauthorized(try await send("{ viewer { id } }", bearer: token))
        #expect(emulator.counters.unauthorized(.spacelift) == 1)
    }

    @Test func anExpiredTokenIsUnauthorizedOnViewerStackAndRunTrigger() async throws {
        let jwt = try await token()
        clock.advance(by: .seconds(3599))
        #expect(try await send("{ viewer { id } }", bearer: jwt).body != Data())
        #expect(emulator.counters.unauthorized(.spacelift) == 0)
        clock.advance(by: .seconds(2))
        expectUnauthorized(try await send("{ viewer { id } }", bearer: jwt))
        expectUnauthorized(try await send(#"{ stack(id: "my-stack-1") { id } }"#, bearer: jwt))
        expectUnauthorized(try await send(#"mutation { runTrigger(stack: "my-stack-1") { id } }"#, bearer: jwt))
        #expect(emulator.counters.unauthorized(.spacelift) == 3)
        #expect(emulator.spacelift.triggeredRuns.isEmpty)
    }

    @Test func aServerClockSkewMovesExpiry() async throws {
        let jwt = try await token()
        emulator.skewServerClock(by: .seconds(3601))
        expectUnauthorized(try await send("{ viewer { id } }", bearer: jwt))
    }

    @Test func stacksListsTheSeededStacks() async throws {
        let response = try await send(
            "{ stacks { id name createdAt description state branch } }", bearer: try await token())
        let stacks = try #require((try Raw.json(response)["data"] as? [String: Any])?["stacks"] as? [[String: Any]])
        #expect(stacks.map { $0["id"] as? String } == ["my-stack-1", "my-stack-2"])
        let created = Int(clock.wallClockNow.timeIntervalSince1970) - 30 * 86_400
        #expect(stacks.first?["createdAt"] as? Int == created)
        #expect(stacks.first?["description"] as? String == "Network")
        #expect(stacks.last?["description"] is NSNull)
        #expect(stacks.last?["state"] as? String == "NONE")
        #expect(stacks.first?["branch"] as? String == "main")
    }

    @Test func stacksWithAnExpiredOrMissingTokenIsAnEmptyList() async throws {
        let jwt = try await token()
        clock.advance(by: .seconds(3601))
        let expired = try await send("{ stacks { id } }", bearer: jwt)
        #expect(Raw.canonical(expired) == #"{"data":{"stacks":[]}}"#)
        let missing = try await send("{ stacks { id } }")
        #expect(Raw.canonical(missing) == #"{"data":{"stacks":[]}}"#)
        #expect(emulator.counters.unauthorized(.spacelift) == 0)
    }

    @Test func stacksWithAnUnknownTokenIsUnauthorized() async throws {
        expectUnauthorized(try await send("{ stacks { id } }", bearer: "forged"))
    }

    @Test func stackByIdAnswersTheStackOrNull() async throws {
        let jwt = try await token()
        let found = try await send(
            "query($id: ID!) { stack(id: $id) { id name } }", variables: ["id": "my-stack-2"], bearer: jwt)
        let stack = (try Raw.json(found)["data"] as? [String: Any])?["stack"] as? [String: Any]
        #expect(stack?["name"] as? String == "My Stack 2")
        let missing = try await send(#"{ stack(id: "nope") { id } }"#, bearer: jwt)
        #expect(Raw.canonical(missing) == #"{"data":{"stack":null}}"#)
    }

    @Test func addedStacksAreServed() async throws {
        emulator.spacelift.addStack(SpaceliftStack(id: "s3", name: "Three", createdAt: clock.wallClockNow))
        let response = try await send("{ stacks { id } }", bearer: try await token())
        let stacks = (try Raw.json(response)["data"] as? [String: Any])?["stacks"] as? [[String: Any]]
        #expect(stacks?.count == 3)
    }

    @Test func runTriggerStartsAndRecordsARun() async throws {
        let response = try await send(
            """
            mutation ($stack: ID!, $commitSha: String, $runType: RunType) {
              runTrigger(stack: $stack, commitSha: $commitSha, runType: $runType) { id title type }
            }
            """,
            variables: ["stack": "my-stack-1", "commitSha": "abc123", "runType": "PROPOSED"],
            bearer: try await token())
        let run = try #require((try Raw.json(response)["data"] as? [String: Any])?["runTrigger"] as? [String: Any])
        #expect(run["type"] as? String == "PROPOSED")
        #expect(run["title"] is String)
        let recorded = try #require(emulator.spacelift.triggeredRuns.first)
        #expect(recorded.id == run["id"] as? String)
        #expect(recorded.stackID == "my-stack-1")
        #expect(recorded.commitSHA == "abc123")
        #expect(recorded.triggeredBy == "api::\(emulator.spacelift.seededAPIKey.id)")
    }

    @Test func runTriggerOnAnUnknownStackReportsNotFound() async throws {
        let response = try await send(#"mutation { runTrigger(stack: "nope") { id } }"#, bearer: try await token())
        #expect(response.status == 200)
        #expect(Raw.canonical(response) == #"{"data":{"runTrigger":null},"errors":[{"message":"stack not found","path":["runTrigger"]}]}"#)
        #expect(emulator.spacelift.triggeredRuns.isEmpty)
    }

    @Test func revokingAKeyRejectsItsTokens() async throws {
        let jwt = try await token()
        emulator.spacelift.revokeAPIKey(id: emulator.spacelift.seededAPIKey.id)
        expectUnauthorized(try await send("{ viewer { id } }", bearer: jwt))
    }

    @Test func revokingIssuedTokensRejectsThemBeforeExpiry() async throws {
        let jwt = try await token()
        emulator.spacelift.revokeIssuedTokens()
        expectUnauthorized(try await send("{ viewer { id } }", bearer: jwt))
        let fresh = try await token()
        #expect(try await send("{ viewer { id } }", bearer: fresh).status == 200)
    }

    @Test func severalRootFieldsAreAnsweredTogether() async throws {
        let response = try await send("{ viewer { id } stacks { id } }", bearer: try await token())
        let data = try #require(try Raw.json(response)["data"] as? [String: Any])
        #expect(data["viewer"] is [String: Any])
        #expect((data["stacks"] as? [Any])?.count == 2)
    }

    // MARK: Malformed requests

    @Test func anUnknownFieldIsAGraphQLError() async throws {
        let response = try await send("{ launchRockets { id } }", bearer: try await token())
        #expect(response.status == 200)
        let body = try Raw.json(response)
        #expect((body["data"] as? [String: Any])?["launchRockets"] is NSNull)
        #expect((body["errors"] as? [[String: Any]])?.count == 1)
    }

    @Test func malformedRequestsAnswerInTheErrorShape() async throws {
        let cases: [(HTTPRequest, Int)] = [
            (HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"],
                body: Data("{not json".utf8)), 400),
            (HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"]), 400),
            (Raw.postJSON(url, ["query": 42]), 400),
            (Raw.postJSON(url, ["query": "{ viewer { id "]), 400),
            (Raw.postJSON(url, ["query": "mutation { apiKeyUser(id: \"x\", secret: \"unterminated) { jwt } }"]), 400),
            (Raw.postJSON(url, ["query": ""]), 400),
            (Raw.postJSON(url.at("/other"), ["query": "{ viewer { id } }"]), 404),
            (HTTPRequest(method: .get, url: url), 405),
        ]
        for (request, status) in cases {
            let response = try await emulator.transport.send(request)
            #expect(response.status == status)
            let body = try Raw.json(response)
            #expect(body["data"] is NSNull)
            #expect(((body["errors"] as? [[String: Any]])?.first?["message"] as? String)?.isEmpty == false)
        }
    }

    @Test func argumentsOfTheWrongTypeAnswerNullNotACrash() async throws {
        let response = try await send(
            "mutation($id: ID!, $secret: String!) { apiKeyUser(id: $id, secret: $secret) { jwt } }",
            variables: ["id": 7, "secret": ["nested": true]])
        #expect(Raw.canonical(response) == #"{"data":{"apiKeyUser":null}}"#)
    }
}
