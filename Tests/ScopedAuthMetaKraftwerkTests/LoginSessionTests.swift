import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk
import ScopedAuthTesting
import Testing

@Suite("MetaKraftwerk login session")
struct LoginSessionTests {
    @Test("The first call logs in with the local strategy and sends the token as Bearer on /api/v1")
    func login() async throws {
        let fixture = MetaKraftwerkFixture()
        let projects = try await fixture.client.projects()
        #expect(projects.map(\.name).contains("DEMO_PROJECT"))
        #expect(fixture.logins == 1)
        #expect(fixture.loginStrategies() == ["local"])
        let apiRequests = fixture.emulator.requests(to: .metaKraftwerk).filter { $0.url.path.hasPrefix("/api/v1") }
        #expect(apiRequests.count == 1)
        #expect(apiRequests.allSatisfy { $0.headers["Authorization"]?.hasPrefix("Bearer ey") == true })
    }

    @Test("A wrong password is invalidCredentials carrying Feathers' 'Invalid login', and the password never prints")
    func badLogin() async throws {
        let fixture = MetaKraftwerkFixture { service in
            EmailPassword(email: service.seededUser.email, password: Secret(sentinelPassword))
        }
        let error = try await #require(throws: AuthError.self) { try await fixture.client.projects() }
        #expect(error.kind == .invalidCredentials)
        #expect(error.status == 401)
        #expect(error.serviceMessage == "Invalid login")
        #expect(error.service == "MetaKraftwerk")
        #expect(fixture.logins == 0)
        #expect(fixture.emulator.requests(to: .metaKraftwerk).allSatisfy { !$0.url.path.hasPrefix("/api") })
        var dumped = ""
        dump(fixture.client, to: &dumped)
        for text in ["\(error)", String(reflecting: error), "\(fixture.client)", dumped] {
            #expect(!text.contains(sentinelPassword))
        }
    }

    @Test("Descriptions, dumps and events of a working session never contain the password or the token")
    func secretHygiene() async throws {
        let fixture = MetaKraftwerkFixture { service in
            _ = service.addUser(
                email: "sentinel@metakraftwerk.test", password: sentinelPassword,
                permissions: MetaKraftwerkPermission.readOnly, projectID: service.seededProjectID)
            return EmailPassword(email: "sentinel@metakraftwerk.test", password: Secret(sentinelPassword))
        }
        let events = fixture.client.events()
        let project = try await fixture.client.project(id: fixture.projectID, as: ViewerRole.self)
        _ = try await project.builds()
        let token = try #require(fixture.client.session.freshToken()).value.revealed
        await fixture.client.shutdown()
        var texts = ["\(fixture.client)", "\(project)", String(reflecting: fixture.client)]
        var dumped = ""
        dump(fixture.client, to: &dumped)
        texts.append(dumped)
        for await event in events { texts.append("\(event)") }
        #expect(texts.count > 4)
        for text in texts {
            #expect(!text.contains(sentinelPassword))
            #expect(!text.contains(token))
        }
    }

    @Test("1,000 concurrent calls cause one login; after the token's exp, 1,000 more cause exactly one re-login")
    func expiryUnderConcurrency() async throws {
        let fixture = MetaKraftwerkFixture()
        let client = fixture.client
        try await Self.callConcurrently(1_000) { try await client.projects().count }
        #expect(fixture.logins == 1)
        let first = try #require(client.session.freshToken())

        fixture.clock.advance(by: .seconds(86_400 + 1))
        #expect(client.session.freshToken() == nil)
        try await Self.callConcurrently(1_000) { try await client.projects().count }
        #expect(fixture.logins == 2)
        let second = try #require(client.session.freshToken())
        #expect(second.generation > first.generation)
        #expect(second.value != first.value)
        #expect(fixture.loginStrategies() == ["local", "local"])
        #expect(fixture.emulator.counters.unauthorized(.metaKraftwerk) == 0)
    }

    @Test("The session re-logs in before exp: inside the refresh margin calls still succeed, with one new login")
    func refreshesAheadOfExpiry() async throws {
        let fixture = MetaKraftwerkFixture()
        let client = fixture.client
        _ = try await client.projects()
        fixture.clock.advance(by: .seconds(86_400 - 20))
        try await Self.callConcurrently(200) { try await client.projects().count }
        #expect(fixture.logins == 2)
        #expect(fixture.emulator.counters.unauthorized(.metaKraftwerk) == 0)
    }

    @Test("A 401 'jwt expired' from the server (its clock runs ahead) causes one re-login and a replay for 1,000 callers")
    func reloginOnUnauthorized() async throws {
        let fixture = MetaKraftwerkFixture()
        let client = fixture.client
        _ = try await client.projects()
        // The server now judges the client's token expired while the client still thinks it fresh.
        fixture.emulator.skewServerClock(by: .seconds(86_400 + 60))
        try await Self.callConcurrently(1_000) { try await client.projects().count }
        #expect(fixture.logins == 2)
        #expect(fixture.emulator.counters.unauthorized(.metaKraftwerk) >= 1)
        #expect(fixture.loginStrategies() == ["local", "local"])
    }

    @Test("A revoked user's calls fail as invalidCredentials once the server refuses its token")
    func revokedUser() async throws {
        let fixture = MetaKraftwerkFixture()
        _ = try await fixture.client.projects()
        fixture.service.revokeUser(email: fixture.service.seededUser.email)
        let error = try await #require(throws: AuthError.self) { try await fixture.client.projects() }
        #expect(error.kind == .invalidCredentials)
        #expect(error.serviceMessage == "Invalid login")
    }

    /// Runs `count` calls of `operation` in parallel child tasks and waits for all.
    static func callConcurrently(
        _ count: Int, _ operation: @escaping @Sendable () async throws -> Int
    ) async throws {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<count { group.addTask { try await operation() } }
            for try await result in group { #expect(result > 0) }
        }
    }
}
