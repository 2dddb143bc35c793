import Foundation
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// The GraphQL executor and the typed operations against the emulator.
@Suite struct SpaceliftGraphQLTests {
    let fixture = SpaceliftFixture()

    @Test func typedOperationsDecodeTheirData() async throws {
        let client = try fixture.client()
        let stacks = try await client.stacks()
        #expect(stacks.map(\.id) == ["my-stack-1", "my-stack-2"])
        let first = try #require(stacks.first)
        #expect(first.name == "My Stack 1" && first.description == "Network" && first.branch == "main")
        #expect(first.createdAt == fixture.emulator.spacelift.stacks.first?.createdAt)
        #expect(try await client.stack(id: "my-stack-2")?.state == "NONE")
        #expect(try await client.stack(id: "no-such-stack") == nil)
    }

    @Test func runTriggerSendsItsVariables() async throws {
        let client = try fixture.client()
        let run = try await client.runTrigger(stack: "my-stack-1", commitSha: "4f2c9e1", runType: .proposed)
        #expect(run.type == .proposed)
        let recorded = try #require(fixture.emulator.spacelift.triggeredRuns.last)
        #expect(recorded.id == run.id)
        #expect(recorded.stackID == "my-stack-1" && recorded.commitSHA == "4f2c9e1" && recorded.type == "PROPOSED")
        let tracked = try await client.runTrigger(stack: "my-stack-2")
        #expect(tracked.type == .tracked)
        #expect(fixture.emulator.spacelift.triggeredRuns.last?.commitSHA == nil)
    }

    @Test func executeTakesEncodableVariablesAndDecodableData() async throws {
        struct Named: Decodable { struct Stack: Decodable { var id: String; var name: String }; var one: Stack? }
        let client = try fixture.client()
        let data = try await client.execute(
            "query One($id: ID!) { one: stack(id: $id) { id name } }", variables: ["id": "my-stack-2"], as: Named.self)
        #expect(data.one?.name == "My Stack 2")
    }

    @Test func graphQLErrorsBecomeTypedErrorsCarryingTheMessages() async throws {
        struct Anything: Decodable {}
        let client = try fixture.client()
        do {
            _ = try await client.execute("{ nonsense }", as: Anything.self)
            Issue.record("expected a GraphQL error")
        } catch let error as SpaceliftGraphQLError {
            #expect(error.messages == [#"Cannot query field "nonsense" on this schema"#])
            #expect(error.errors.first?.path == ["nonsense"])
            #expect(!error.isNotFound)
        }
        do {
            try await client.runTrigger(stack: "no-such-stack")
            Issue.record("expected a GraphQL error")
        } catch let error as SpaceliftGraphQLError {
            #expect(error.messages == ["stack not found"])
            #expect(error.isNotFound)
        }
    }

    @Test func httpFailuresAndBadBodiesAreTypedAuthErrors() async throws {
        let client = try fixture.client()
        _ = try await client.viewer()
        fixture.emulator.faults.inject(.status(500), on: .spacelift)
        let error = await expectAuthError(.serverError) { try await client.stacks() }
        #expect(error?.serviceMessage == "injected fault: HTTP 500")
        fixture.emulator.faults.inject(.truncateBody, on: .spacelift)
        await expectAuthError(.malformedResponse) { try await client.stacks() }
        fixture.emulator.faults.inject(.status(403), on: .spacelift)
        await expectAuthError(.forbidden) { try await client.viewer() }
        #expect(fixture.exchanges == 1)
    }

    @Test func aDroppedConnectionOnAMutationIsATransientError() async throws {
        let client = try fixture.client()
        _ = try await client.viewer()
        fixture.emulator.faults.inject(.dropConnection, on: .spacelift)
        await expectAuthError(.transient) { try await client.runTrigger(stack: "my-stack-1") }
    }
}
