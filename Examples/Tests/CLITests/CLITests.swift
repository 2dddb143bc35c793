import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// The `scopedauth` executable against the emulator over loopback HTTP, as a user runs it.
@Suite("scopedauth CLI", .timeLimit(.minutes(1)))
struct CLITests {
    @Test("token mudstack prints a JWT that the account endpoint accepts")
    func mudstackToken() async throws {
        let server = try await EmulatorServer.start()
        let result = try await runScopedAuth(["token", "mudstack"], environment: seededEnvironment(server))
        #expect(result.status == 0, "\(result.standardError)")
        let token = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.split(separator: ".").count == 3)
        let check = try await URLSessionTransport().send(HTTPRequest(
            method: .get, url: server.origins.mudstack.appending(path: "accounts"),
            headers: ["Authorization": "Bearer " + token, "x-account-id": server.emulator.mudstack.seededAccountID]))
        #expect(check.status == 200)
        await server.stop()
    }

    @Test("token works for MASV, Spacelift, Massdriver and MetaKraftwerk from their environment variables",
          arguments: ["masv", "spacelift", "massdriver", "metakraftwerk"])
    func tokenFromEnvironment(service: String) async throws {
        let server = try await EmulatorServer.start()
        let result = try await runScopedAuth(["token", service], environment: seededEnvironment(server))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").count == 1)
        #expect(result.standardOutput.count > 20)
        await server.stop()
    }

    @Test("Flags override the environment: a wrong --secret fails with one line and a non-zero exit")
    func wrongSecretFlag() async throws {
        let server = try await EmulatorServer.start()
        let result = try await runScopedAuth(
            ["token", "spacelift", "--secret", "wrong-secret-0000"], environment: seededEnvironment(server))
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(lines.first?.contains("Spacelift") == true)
        #expect(!result.standardError.contains("wrong-secret-0000"), "a secret never appears in an error")
        await server.stop()
    }

    @Test("Missing credentials are named in one line, without contacting anything")
    func missingCredentials() async throws {
        let result = try await runScopedAuth(["token", "mudstack"])
        #expect(result.status != 0)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("MUDSTACK_ACCOUNT_ID"))
        #expect(result.standardError.contains("MUDSTACK_API_SECRET"))
    }

    @Test("upload sends a file to MASV and prints the package id; no bar when standard error is not a terminal")
    func upload() async throws {
        let server = try await EmulatorServer.start()
        let folder = FileManager.default.temporaryDirectory.appending(path: "scopedauth-cli-up-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "take-1.mov")
        let content = Data((0..<(6 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 >> 3) })
        try content.write(to: file)

        let result = try await runScopedAuth(["upload", file.path], environment: seededEnvironment(server))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        let packageID = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let masv = server.emulator.masv
        let fileID = try #require(masv.fileIDs(packageID: packageID).first)
        #expect(masv.fileContents(packageID: packageID, fileID: fileID) == content)
        #expect(masv.storage.credentialLeaks == 0)
        await server.stop()
    }

    @Test("upload --progress draws the bar to standard error and keeps standard output to the package id")
    func uploadProgress() async throws {
        let server = try await EmulatorServer.start()
        let file = FileManager.default.temporaryDirectory.appending(path: "scopedauth-cli-\(UUID().uuidString).bin")
        try Data(repeating: 7, count: 200_000).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await runScopedAuth(["upload", "--progress", file.path], environment: seededEnvironment(server))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("100%"))
        #expect(result.standardOutput.split(separator: "\n").count == 1)
        await server.stop()
    }

    @Test("upload of a missing file fails with one line naming it")
    func uploadMissingFile() async throws {
        let result = try await runScopedAuth(["upload", "/nonexistent/scopedauth.bin"])
        #expect(result.status != 0)
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("/nonexistent/scopedauth.bin"))
    }
}
