import Foundation
import ScopedAuth
import ScopedAuthMassdriver
import ScopedAuthTesting
import Testing

@Suite("Massdriver paging")
struct MassdriverPagingTests {
    let harness = MassdriverHarness()

    @Test func projectsWalkEveryPageInOrder() async throws {
        let client = harness.client(harness.serviceAccount)
        var ids: [String] = []
        for try await project in client.projects(organizationID: "acme") { ids.append(project.id) }
        #expect(ids.count == 45)
        #expect(ids.first == "project-01")
        #expect(ids.last == "project-45")
        #expect(Set(ids).count == 45)
        #expect(harness.requests.count == 3)  // 20 + 20 + 5
    }

    @Test func pagesAreFetchedOnlyWhenIterationReachesThem() async throws {
        let client = harness.client(harness.accessToken)
        let projects = client.projects(organizationID: "acme", pageSize: 10)
        #expect(harness.requests.isEmpty)
        var iterator = projects.makeAsyncIterator()
        #expect(try await iterator.next()?.id == "project-01")
        #expect(harness.requests.count == 1)
        for _ in 2...10 { _ = try await iterator.next() }
        #expect(harness.requests.count == 1)
        #expect(try await iterator.next()?.id == "project-11")
        #expect(harness.requests.count == 2)
        let firstFifteen = try await collect(projects.prefix(15))
        #expect(firstFifteen.map(\.id) == (1...15).map { String(format: "project-%02d", $0) })
        #expect(harness.requests.count == 4)
    }

    @Test func environmentsPageAndFilterByProject() async throws {
        let client = harness.client(harness.serviceAccount, apiVersion: .v2)
        let all = try await collect(client.environments(organizationID: "acme", pageSize: 7))
        #expect(all.count == 30)
        #expect(harness.requests.count == 5)
        let ofOne = try await collect(client.environments(organizationID: "acme", projectID: "project-03"))
        #expect(ofOne == [
            MassdriverEnvironmentSummary(id: "project-03-prod", name: "prod", projectID: "project-03"),
            MassdriverEnvironmentSummary(id: "project-03-staging", name: "staging", projectID: "project-03"),
        ])
    }

    @Test(arguments: [0, 101, -5])
    func pageSizeOutOfRangeFailsWithoutARequest(pageSize: Int) async {
        let client = harness.client(harness.serviceAccount)
        let error = await authError { for try await _ in client.projects(organizationID: "acme", pageSize: pageSize) {} }
        #expect(error?.kind == .invalidRequest)
        #expect(harness.requests.isEmpty)
    }

    @Test func aFailedPageCanBeRetriedByCallingNextAgain() async throws {
        let client = harness.client(harness.serviceAccount)
        var iterator = client.projects(organizationID: "acme", pageSize: 40).makeAsyncIterator()
        for _ in 1...40 { _ = try await iterator.next() }
        harness.emulator.faults.inject(.dropConnection, on: .massdriver)
        await #expect(throws: (any Error).self) { _ = try await iterator.next() }
        #expect(try await iterator.next()?.id == "project-41")
    }

    @Test func aRepeatedCursorEndsIterationWithAnError() async {
        let body = #"{"data":{"projects":{"items":[{"id":"a","name":"A"}],"cursor":{"next":"same"}}}}"#
        let client = MassdriverClient(
            credential: harness.serviceAccount, baseURL: harness.baseURL, transport: CannedTransport(body: body),
            clock: harness.clock)
        var count = 0
        let error = await authError { for try await _ in client.projects(organizationID: "acme") { count += 1 } }
        #expect(error?.kind == .malformedResponse)
        #expect(count == 1)  // the second page repeats its own cursor, so it is refused before its items
    }

    @Test func thousandsOfConcurrentWalksEachSeeEveryProject() async throws {
        let client = harness.client(harness.serviceAccount)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 {
                group.addTask { try await client.projects(organizationID: "acme", pageSize: 100).reduce(0) { count, _ in count + 1 } }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.count == 1_000)
        #expect(counts.allSatisfy { $0 == 45 })
        #expect(harness.emulator.counters.requests(.massdriver) == 1_000)
    }
}
