import ArgumentParser
import Foundation
import ScopedAuth
import ScopedAuthMASV
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `scopedauth upload <files…>`: uploads files and folders to MASV as one team package.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload files and folders to MASV as one team package; prints the package id.",
        discussion: """
            Credentials: --api-key or MASV_API_KEY, else --email/--password or MASV_EMAIL/MASV_PASSWORD; the team \
            from --team or MASV_TEAM_ID; the API from --url or MASV_API_URL. A progress bar is drawn on standard \
            error when it is a terminal. Ctrl-C cancels the upload and deletes the unfinished package (exit 130).
            """
    )

    @Argument(help: "Files or folders to upload.")
    var files: [String]

    @Option(help: "The package name (the first file's name by default).")
    var name: String?
    @Option(help: "The team that receives the package.")
    var team: String?
    @Option(help: "The MASV API base URL.")
    var url: String?
    @Option(name: .customLong("api-key"), help: "A MASV API key (prefer MASV_API_KEY: flags show in `ps`).")
    var apiKey: String?
    @Option(help: "MASV sign-in email.")
    var email: String?
    @Option(help: "MASV password (prefer MASV_PASSWORD).")
    var password: String?
    @Flag(help: "Draw the progress bar even when standard error is not a terminal.")
    var progress = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file or folder") }
    }

    func run() async throws {
        let packageID = try await CommandFailure.oneLine("MASV upload") { try await upload() }
        FileHandle.standardOutput.write(Data((packageID + "\n").utf8))
    }

    private func upload() async throws -> String {
        let urls = files.map { URL(fileURLWithPath: $0) }
        for file in urls where !FileManager.default.fileExists(atPath: file.path) {
            throw CommandFailure("MASV upload: no such file: \(file.path)")
        }
        var lookup = CredentialLookup()
        let base = lookup.url(url, flagName: "url", variables: ["MASV_API_URL"], fallback: MASVClient.productionBaseURL)
        let team = lookup.value(team, flagName: "team", variables: ["MASV_TEAM_ID"])
        let credential: MASVCredential
        if let key = lookup.value(apiKey, flagName: "api-key", variables: ["MASV_API_KEY"], required: false) {
            credential = .apiKey(Secret(key))
        } else {
            let email = lookup.value(email, flagName: "email", variables: ["MASV_EMAIL"], required: false)
            let password = lookup.value(password, flagName: "password", variables: ["MASV_PASSWORD"], required: false)
            if email == nil || password == nil {
                lookup.noteMissing("a credential: --api-key or MASV_API_KEY, or --email and --password "
                    + "(MASV_EMAIL and MASV_PASSWORD)")
            }
            credential = .user(EmailPassword(email: email ?? "", password: Secret(password ?? "")))
        }
        try lookup.requireComplete(for: "MASV upload")
        guard let base, let team else { throw CommandFailure("MASV upload: missing settings") }

        let client = MASVClient(credential: credential, baseURL: base)
        let bar = ProgressBar(forceEnabled: progress ? true : nil)
        let created = CreatedPackage()
        let name = name ?? urls[0].lastPathComponent
        // The package is created first and kept, so that an interrupted or failed upload can delete it instead of
        // leaving it behind in state `new`.
        let work = Task {
            // A Ctrl-C while the create request is out must not leave a package the CLI never heard of: the create
            // runs to its answer outside the upload's cancellation, and the interruption is honoured right after.
            let handle = try await Task { try await client.packages.create(team: team, name: name) }.value
            created.set(handle)
            try Task.checkCancellation()
            let upload = handle.upload(urls)
            for await update in upload.progress {
                bar.draw(sent: update.bytesSent, total: update.totalBytes, label: update.file?.path ?? "")
            }
            return try await upload.value.id
        }
        let interruption = Interruption { count in
            if count == 1 {
                work.cancel()
            } else {
                // A second Ctrl-C during the clean-up: leave at once, and say what is left behind.
                bar.finish()
                let left = created.handle.map { "; the unfinished package \($0.id) was left in state new" } ?? ""
                FileHandle.standardError.write(Data("Error: MASV upload: interrupted again\(left)\n".utf8))
                Foundation.exit(Interruption.exitStatus)
            }
        }
        defer { interruption.stop() }
        do {
            let packageID = try await work.value
            bar.finish()
            await client.shutdown()
            return packageID
        } catch {
            bar.finish()
            let interrupted = interruption.interrupts > 0
            let cleanup = await Self.deleteUnfinished(created.handle)
            await client.shutdown()
            guard interrupted else {
                throw CommandFailure(
                    "MASV upload: \(CommandFailure.oneLineDescription(of: error))\(cleanup.map { "; \($0)" } ?? "")")
            }
            let outcome = cleanup ?? "no package had been created"
            FileHandle.standardError.write(Data("Error: MASV upload: interrupted; \(outcome)\n".utf8))
            throw ExitCode(Interruption.exitStatus)
        }
    }

    /// Deletes a package whose upload did not finish, within a few seconds; says what happened, or `nil` when no
    /// package was created.
    private static func deleteUnfinished(_ handle: PackageHandle<ManagementAccess>?) async -> String? {
        guard let handle else { return nil }
        let deleted = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    try await handle.delete()
                    return nil
                } catch {
                    return CommandFailure.oneLineDescription(of: error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: cleanupTimeout)
                return "no answer within \(cleanupTimeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let deleted {
            return "could not delete the unfinished package \(handle.id) (\(deleted)); it is left in state new"
        }
        return "deleted the unfinished package \(handle.id)"
    }

    /// How long the clean-up of an unfinished package may take.
    static let cleanupTimeout: Duration = .seconds(5)
}

/// The package an upload created, once it exists; set by the upload task, read by the clean-up.
private final class CreatedPackage: Sendable {
    private let value = Mutex<PackageHandle<ManagementAccess>?>(nil)

    var handle: PackageHandle<ManagementAccess>? { value.withLock { $0 } }

    func set(_ handle: PackageHandle<ManagementAccess>) {
        value.withLock { $0 = handle }
    }
}
