import EmulatorServer
import ExampleApp
import Foundation
import Hummingbird
import NIOCore
import ScopedAuth
import ScopedAuthSpacelift
import ScopedAuthTesting
import ServiceLifecycle
import Testing

/// The example app run for real on loopback, with clients pointing at the emulator served over HTTP.
@Suite("Example app against the emulator", .timeLimit(.minutes(1)))
struct ExampleAppTests {
    /// A running app: its base URL, the injected clients, and how to stop it.
    struct RunningApp {
        let baseURL: URL
        let clients: ScopedAuthClients
        let group: ServiceGroup
        let running: Task<Void, any Error>

        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await running.value
        }
    }

    private func startApp(against server: EmulatorServer, spaceliftEndpoint: URL? = nil) async throws -> RunningApp {
        let emulator = server.emulator
        let configuration = AppConfiguration(
            host: "127.0.0.1", port: 0, masvBaseURL: server.origins.masv, masvUser: emulator.masv.seededUser,
            masvTeamID: emulator.masv.seededTeamID, spaceliftEndpoint: spaceliftEndpoint ?? server.origins.spacelift,
            spaceliftKey: emulator.spacelift.seededAPIKey)
        let clients = try ScopedAuthClients(configuration: configuration)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(configuration: configuration, clients: clients) { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: app.logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return RunningApp(
            baseURL: URL(string: "http://127.0.0.1:\(port)")!, clients: clients, group: group, running: running)
    }

    private func send(_ request: ScopedAuth.HTTPRequest) async throws -> ScopedAuth.HTTPResponse {
        try await URLSessionTransport(configuration: .init(requestTimeout: .seconds(20))).send(request)
    }

    @Test("GET /stacks lists the Spacelift stacks through one shared session")
    func stacks() async throws {
        let server = try await EmulatorServer.start()
        let app = try await startApp(against: server)
        for _ in 0..<3 {
            let response = try await send(.init(method: .get, url: app.baseURL.appending(path: "stacks")))
            #expect(response.status == 200)
            let body = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            let ids = (body?["stacks"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == server.emulator.spacelift.stacks.map(\.id))
        }
        #expect(server.emulator.counters.exchanges(.spacelift) == 1, "one client, built once, for every request")
        try await app.stop()
        await server.stop()
    }

    @Test("GET /stacks with a Spacelift endpoint that redirects the sign-in elsewhere: an error, no secret there")
    func redirectedSignIn() async throws {
        let server = try await EmulatorServer.start()
        let collector = try await HostileServer.start(.answer(status: 200))
        let front = try await HostileServer.start(.redirect(status: 307, to: collector.baseURL))
        let app = try await startApp(against: server, spaceliftEndpoint: front.baseURL)
        let response = try await send(.init(method: .get, url: app.baseURL.appending(path: "stacks")))
        #expect(!(200..<300).contains(response.status))
        let secret = server.emulator.spacelift.seededAPIKey.secret.revealed
        #expect(front.received.contains { $0.raw.contains(secret) }, "the control: the sign-in carried the secret")
        #expect(collector.received.isEmpty)
        #expect(!String(decoding: response.body, as: UTF8.self).contains(secret))
        try await app.stop()
        await front.stop()
        await collector.stop()
        await server.stop()
    }

    @Test("POST /uploads stores the body as a MASV package")
    func upload() async throws {
        let server = try await EmulatorServer.start()
        let app = try await startApp(against: server)
        let content = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let response = try await send(.init(
            method: .post, url: URL(string: app.baseURL.absoluteString + "/uploads?name=notes.bin")!,
            headers: ["Content-Type": "application/octet-stream"], body: content))
        #expect(response.status == 200)
        let receipt = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        let packageID = try #require(receipt?["packageID"] as? String)
        #expect(receipt?["bytes"] as? Int == content.count)
        let masv = server.emulator.masv
        let fileID = try #require(masv.fileIDs(packageID: packageID).first)
        #expect(masv.fileContents(packageID: packageID, fileID: fileID) == content)
        #expect(masv.storage.credentialLeaks == 0)
        try await app.stop()
        await server.stop()
    }

    @Test("Stopping the application shuts the injected clients down")
    func clientsStopWithTheApp() async throws {
        let server = try await EmulatorServer.start()
        let app = try await startApp(against: server)
        _ = try await send(.init(method: .get, url: app.baseURL.appending(path: "stacks")))
        try await app.stop()
        await #expect {
            _ = try await app.clients.spacelift.stacks()
        } throws: { error in
            (error as? AuthError)?.kind == .shutdown
        }
        await server.stop()
    }
}
