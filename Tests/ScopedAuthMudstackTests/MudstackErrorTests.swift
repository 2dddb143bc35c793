import Foundation
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting
import Testing

@Suite("Mudstack errors are typed")
struct MudstackErrorTests {
    @Test func aWorkspaceOutsideTheAccountIsForbiddenWithTheServiceMessage() async throws {
        let fixture = MudstackFixture()
        let foreign = fixture.client.account.workspace(fixture.mudstack.otherWorkspaceID)
        let error = try #require(await authError { _ = try await foreign.asset(fixture.mudstack.seededAssetIDs[0]) })
        #expect(error.kind == .forbidden)
        #expect(error.status == 403)
        #expect(error.service == "Mudstack")
        #expect(
            error.serviceMessage
                == "Workspace \(fixture.mudstack.otherWorkspaceID) does not belong to account \(fixture.mudstack.seededAccountID)")
        #expect(error.detail == "Mudstack error: Forbidden")
        // A 403 is not a token problem: no refresh, no replay.
        #expect(fixture.exchanges == 1)
        #expect(fixture.requests(path: "/workspaces/assets/\(fixture.mudstack.seededAssetIDs[0])").count == 1)
    }

    @Test func anUnknownWorkspaceIsForbiddenToo() async throws {
        let fixture = MudstackFixture()
        let error = await authError { _ = try await fixture.client.account.workspace("no-such-workspace").details() }
        #expect(error?.kind == .forbidden)
    }

    @Test func anAccountTheKeyDoesNotOpenIsInvalidCredentials() async throws {
        let fixture = MudstackFixture(accountID: MudstackFixture().mudstack.otherAccountID)
        let error = await authError { _ = try await fixture.client.account.workspaces() }
        #expect(error?.kind == .invalidCredentials)
    }

    @Test(arguments: ["x-workspace-id", "x-account-id"])
    func aMissingScopeHeaderIsAnInvalidRequest(header: String) async throws {
        let fixture = MudstackFixture { HeaderStrippingTransport(base: $0, header: header) }
        let error = try #require(await authError { _ = try await fixture.workspace.folderHierarchy() })
        #expect(error.kind == .invalidRequest)
        #expect(error.status == 400)
        #expect(error.serviceMessage == "Missing \(header) header")
        #expect(error.detail == "Mudstack error: Bad Request")
    }

    @Test func anAssetOfAnotherWorkspaceIsNotFound() async throws {
        let fixture = MudstackFixture()
        let otherAsset = fixture.mudstack.addAsset(name: "Elsewhere", workspaceID: fixture.mudstack.otherWorkspaceID)
        let error = await authError { _ = try await fixture.workspace.history(ofAsset: otherAsset) }
        #expect(error?.kind == .notFound)
        #expect(error?.status == 404)
    }

    @Test(arguments: ["", ".", "..", "line\nbreak"])
    func anIdThatWouldChangeThePathIsRefusedBeforeSending(id: String) async throws {
        let fixture = MudstackFixture()
        #expect(await authError { _ = try await fixture.workspace.asset(id) }?.kind == .invalidRequest)
        #expect(await authError { _ = try await fixture.workspace.assets(ids: [id]) }?.kind == .invalidRequest)
        #expect(await authError { _ = try await fixture.client.account.workspace(id).details() }?.kind == .invalidRequest)
        #expect(fixture.emulator.counters.requests(.mudstack) == 0)
    }

    @Test func slashesInAnIdStayInsideOneSegment() async throws {
        let fixture = MudstackFixture()
        let error = await authError { _ = try await fixture.workspace.asset("../accounts") }
        #expect(error?.kind == .notFound)
        let sent = try #require(fixture.emulator.requests(to: .mudstack).last)
        #expect(sent.url.absoluteString.hasSuffix("/workspaces/assets/..%2Faccounts"))
    }

    @Test func aCommaInAGetByIdsIdIsRefused() async throws {
        let fixture = MudstackFixture()
        let error = await authError { _ = try await fixture.workspace.assets(ids: ["a,b"]) }
        #expect(error?.kind == .invalidRequest)
        #expect(fixture.emulator.counters.requests(.mudstack) == 0)
    }

    @Test func aDroppedConnectionIsTransientAndCarriesNoTransportText() async throws {
        let fixture = MudstackFixture()
        _ = try await fixture.client.session.token()
        fixture.emulator.faults.inject(.dropConnection, on: .mudstack, path: "/accounts")
        let error = try #require(await authError { _ = try await fixture.client.account.accounts() })
        #expect(error.kind == .transient)
        #expect(error.service == "Mudstack")
    }

    @Test func aBodyOfTheWrongShapeIsMalformed() async throws {
        let fixture = MudstackFixture()
        fixture.emulator.faults.inject(.truncateBody, on: .mudstack, path: "/accounts/workspaces")
        let error = await authError { _ = try await fixture.client.account.workspaces() }
        #expect(error?.kind == .malformedResponse)
    }

    @Test func aServerErrorIsTypedAfterTheRetries() async throws {
        let fixture = MudstackFixture()
        fixture.emulator.faults.inject(.status(500), on: .mudstack, path: "/workspaces/members")
        let error = await authError { _ = try await fixture.workspace.members() }
        #expect(error?.kind == .serverError)
        #expect(error?.serviceMessage == "injected fault: HTTP 500")
    }
}
