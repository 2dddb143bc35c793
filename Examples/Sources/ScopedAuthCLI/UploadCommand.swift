import ArgumentParser
import Foundation
import ScopedAuth
import ScopedAuthMASV

/// `scopedauth upload <files…>`: uploads files and folders to MASV as one team package.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload files and folders to MASV as one team package; prints the package id.",
        discussion: """
            Credentials: --api-key or MASV_API_KEY, else --email/--password or MASV_EMAIL/MASV_PASSWORD; the team \
            from --team or MASV_TEAM_ID; the API from --url or MASV_API_URL. A progress bar is drawn on standard \
            error when it is a terminal.
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
            let email = lookup.value(email, flagName: "email", variables: ["MASV_EMAIL"])
            let password = lookup.value(password, flagName: "password", variables: ["MASV_PASSWORD"])
            credential = .user(EmailPassword(email: email ?? "", password: Secret(password ?? "")))
        }
        try lookup.requireComplete(for: "MASV upload")

        let client = MASVClient(credential: credential, baseURL: base!)
        let upload = client.packages.upload(urls, team: team!, name: name ?? urls[0].lastPathComponent)
        let bar = ProgressBar(forceEnabled: progress ? true : nil)
        for await update in upload.progress {
            bar.draw(sent: update.bytesSent, total: update.totalBytes, label: update.file?.path ?? "")
        }
        bar.finish()
        let package = try await upload.value
        await client.shutdown()
        return package.id
    }
}
