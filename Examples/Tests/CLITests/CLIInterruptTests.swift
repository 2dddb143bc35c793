import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// Ctrl-C, wrong settings and restarts, as a user meets them: the built `scopedauth` and `scopedauth-emulator`
/// executables, run as processes and sent real signals.
@Suite("scopedauth CLI: Ctrl-C, messages and the emulator's restart", .timeLimit(.minutes(2)))
struct CLIInterruptTests {
    private func masvEnvironment(_ server: EmulatorServer) -> [String: String] {
        [
            "MASV_API_URL": server.origins.masv.absoluteString,
            "MASV_API_KEY": server.emulator.masv.seededAPIKey.revealed,
            "MASV_TEAM_ID": server.emulator.masv.seededTeamID,
        ]
    }

    private func temporaryFile(bytes: Int) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appending(path: "scopedauth-cli-\(UUID().uuidString).bin")
        try Data(repeating: 0x5A, count: bytes).write(to: file)
        return file
    }

    /// `scopedauth upload` of a file of `bytes` against an emulator that answers everything after 300 ms, so that an
    /// upload of 64 MiB (13 chunks of 5 MiB) takes seconds and an interrupt lands mid-way.
    private struct SlowUpload {
        let server: EmulatorServer
        let file: URL
        let cli: RunningProcess

        init(bytes: Int = 64 * 1024 * 1024, flags: [String] = [], test: CLIInterruptTests) async throws {
            server = try await EmulatorServer.start(.init(latency: .milliseconds(300)))
            file = try test.temporaryFile(bytes: bytes)
            cli = try RunningProcess("scopedauth", ["upload"] + flags + [file.path],
                                     environment: test.masvEnvironment(server))
        }

        /// Removes the file and stops the emulator.
        func finish() async {
            try? FileManager.default.removeItem(at: file)
            await server.stop()
        }
    }

    @Test("Ctrl-C during upload cancels it, deletes the unfinished package, says so and exits with 130")
    func interruptedUpload() async throws {
        let upload = try await SlowUpload(flags: ["--progress"], test: self)
        let (masv, cli) = (upload.server.emulator.masv, upload.cli)
        let created = try await cli.wait(upTo: .seconds(30)) { !masv.packageIDs.isEmpty }
        try #require(created, "no package was created: \(cli.standardError)")
        let packageID = try #require(masv.packageIDs.first)
        try await Task.sleep(for: .milliseconds(400))  // chunks are on their way
        #expect(masv.packageState(packageID) == "new", "the upload must still be running when interrupted")

        cli.send(SIGINT)
        let status = await cli.exitStatus(within: .seconds(20))
        #expect(status == 130, "\(cli.standardError)")
        #expect(masv.packageState(packageID) == nil, "the unfinished package is deleted")
        #expect(cli.standardError.contains("interrupted; deleted the unfinished package \(packageID)"),
                "\(cli.standardError)")
        #expect(cli.standardOutput.isEmpty, "no package id is printed for an upload that did not finish")
        await upload.finish()
    }

    @Test("A second Ctrl-C during the clean-up leaves at once, says the package is left in state new, exits with 130")
    func secondInterruptDuringCleanUp() async throws {
        let upload = try await SlowUpload(test: self)
        let (server, masv, cli) = (upload.server, upload.server.emulator.masv, upload.cli)
        // Chunks on their way: the CLI has the package's answer.
        let uploading = try await cli.wait(upTo: .seconds(30)) { !server.emulator.requests(to: .masvStorage).isEmpty }
        try #require(uploading, "no chunk was sent: \(cli.standardError)")
        let packageID = try #require(masv.packageIDs.first)
        // The clean-up's DELETE is answered after 8 s, later than the CLI's own 5 s clean-up timeout.
        server.emulator.faults.injectPersistently(.latency(.seconds(8)), on: .masv, method: .delete)
        let deletes = { server.emulator.requests(to: .masv).filter { $0.method == .delete }.count }

        cli.send(SIGINT)
        let cleaning = try await cli.wait(upTo: .seconds(20)) { deletes() > 0 }
        try #require(cleaning, "the first Ctrl-C started no clean-up: \(cli.standardError)")
        let second = ContinuousClock.now
        cli.send(SIGINT)
        let status = await cli.exitStatus(within: .seconds(20))
        #expect(status == 130, "\(cli.standardError)")
        // Well below the clean-up's 5 s timeout, after which the CLI would exit with 130 anyway.
        #expect(ContinuousClock.now - second < .seconds(3),
                "the second Ctrl-C waited for the clean-up instead of leaving at once")
        #expect(cli.standardError.contains(
            "interrupted again; the unfinished package \(packageID) was left in state new"), "\(cli.standardError)")
        #expect(masv.packageState(packageID) == "new")
        #expect(cli.standardOutput.isEmpty)
        await upload.finish()
    }

    @Test("Ctrl-C while the package is being created still deletes it once its answer arrives")
    func interruptDuringCreate() async throws {
        let upload = try await SlowUpload(bytes: 1024 * 1024, test: self)
        let (server, masv, cli) = (upload.server, upload.server.emulator.masv, upload.cli)
        let createPath = "/v1/teams/\(masv.seededTeamID)/packages"
        // The create request has arrived and waits out its 300 ms: the interrupt lands before its answer.
        let creating = try await cli.wait(upTo: .seconds(30)) {
            server.emulator.requests(to: .masv).contains { $0.method == .post && $0.url.path == createPath }
        }
        try #require(creating, "no create request: \(cli.standardError)")
        cli.send(SIGINT)
        let status = await cli.exitStatus(within: .seconds(20))
        #expect(status == 130, "\(cli.standardError)")
        #expect(server.emulator.counters.requests(.masv, method: "POST", path: createPath) == 1)
        #expect(masv.packageIDs.isEmpty, "the package created under the interrupt is left behind")
        #expect(cli.standardError.contains("interrupted; deleted the unfinished package "), "\(cli.standardError)")
        #expect(server.emulator.requests(to: .masvStorage).isEmpty, "no chunk is sent after the interrupt")
        await upload.finish()
    }

    @Test("An upload that fails after its package was created deletes the package and says so")
    func failedUploadCleansUp() async throws {
        let server = try await EmulatorServer.start()
        server.emulator.faults.injectPersistently(.status(403), on: .masvStorage, method: .put)  // every chunk refused
        let file = try temporaryFile(bytes: 100_000)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await runScopedAuth(["upload", file.path], environment: masvEnvironment(server))
        #expect(result.status == 1, "\(result.standardError)")
        let created = server.emulator.counters.requests(
            .masv, method: "POST", path: "/v1/teams/\(server.emulator.masv.seededTeamID)/packages")
        #expect(created == 1, "a package was created before the chunks failed")
        #expect(server.emulator.masv.packageIDs.isEmpty, "the unfinished package is deleted")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("; deleted the unfinished package "), "\(result.standardError)")
        await server.stop()
    }

    @Test("upload without credentials names MASV_API_KEY and the email/password pair, and the team, in one line")
    func uploadMissingVariables() async throws {
        let file = try temporaryFile(bytes: 10)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await runScopedAuth(["upload", file.path])
        #expect(result.status != 0)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        for name in ["MASV_API_KEY", "MASV_EMAIL", "MASV_PASSWORD", "MASV_TEAM_ID"] {
            #expect(result.standardError.contains(name), "\(name) in: \(result.standardError)")
        }
    }

    @Test("An ftp:// (or other non-HTTP) API URL gets its own message, before anything is contacted",
          arguments: ["ftp://files.example.com/api", "sftp://files.example.com"])
    func uploadNonHTTPURL(url: String) async throws {
        let file = try temporaryFile(bytes: 10)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await runScopedAuth(
            ["upload", file.path], environment: ["MASV_API_URL": url, "MASV_API_KEY": "k", "MASV_TEAM_ID": "t"])
        #expect(result.status != 0)
        let scheme = String(url.prefix { $0 != ":" })
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("is an \(scheme):// URL"), "\(result.standardError)")
        #expect(result.standardError.contains("https://"), "\(result.standardError)")
        #expect(!result.standardError.contains("missing"), "nothing is missing: \(result.standardError)")
    }

    @Test("The progress line clears what a longer previous line left behind (\\r … ESC[K)")
    func progressLineClears() async throws {
        let server = try await EmulatorServer.start()
        let file = try temporaryFile(bytes: 200_000)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await runScopedAuth(["upload", "--progress", file.path], environment: masvEnvironment(server))
        #expect(result.status == 0, "\(result.standardError)")
        let redraws = result.standardError.split(separator: "\r", omittingEmptySubsequences: true)
        #expect(!redraws.isEmpty)
        for redraw in redraws {
            #expect(redraw.trimmingCharacters(in: .newlines).hasSuffix("\u{1B}[K"), "\(redraw.debugDescription)")
        }
        await server.stop()
    }

    @Test("scopedauth-emulator frees its ports on Ctrl-C: a restart on the same ports at once succeeds")
    func emulatorRestart() async throws {
        var first: RunningProcess?
        var base = 0
        for _ in 0..<8 where first == nil {  // another process may hold a port of the base tried
            base = Int.random(in: 41_000..<59_000)
            let process = try RunningProcess("scopedauth-emulator", ["--port-base", "\(base)"])
            if try await process.wait(upTo: .seconds(20), until: { process.standardOutput.contains("listening") }) {
                first = process
            } else {
                process.send(SIGKILL)
            }
        }
        let emulator = try #require(first, "the emulator did not start")
        // Connections still open when the server stops are closed by the server, which leaves their sockets in
        // TIME_WAIT on its ports: without SO_REUSEADDR, binding those ports fails for a minute.
        let transport = URLSessionTransport()
        for port in base..<(base + EmulatorServer.portCount) {
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/"))
            _ = try? await transport.send(HTTPRequest(method: .get, url: url))
        }
        emulator.send(SIGINT)
        #expect(await emulator.exitStatus(within: .seconds(10)) == 0, "\(emulator.standardError)")

        let restarted = try RunningProcess("scopedauth-emulator", ["--port-base", "\(base)"])
        let listening = try await restarted.wait(upTo: .seconds(20)) { restarted.standardOutput.contains("listening") }
        #expect(listening, "restart on \(base): \(restarted.standardError)")
        #expect(!restarted.standardError.contains("in use"), "\(restarted.standardError)")
        restarted.send(SIGINT)
        #expect(await restarted.exitStatus(within: .seconds(10)) == 0, "\(restarted.standardError)")
        withExtendedLifetime(transport) {}  // its connections stay open until the first emulator has stopped
    }
}

