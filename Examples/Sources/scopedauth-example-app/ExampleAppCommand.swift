import ArgumentParser
import ExampleApp
import Foundation
import Hummingbird

/// `scopedauth-example-app`: a Hummingbird service that uploads files to MASV and lists Spacelift stacks, with
/// the ScopedAuth clients built once at start-up and shut down with the application.
@main
struct ExampleAppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scopedauth-example-app",
        abstract: "Serve POST /uploads (to MASV) and GET /stacks (from Spacelift) with shared ScopedAuth clients.",
        discussion: """
            Credentials come from MASV_API_URL, MASV_EMAIL, MASV_PASSWORD, MASV_TEAM_ID, \
            SPACELIFT_API_KEY_ENDPOINT, SPACELIFT_API_KEY_ID and SPACELIFT_API_KEY_SECRET, as scopedauth-emulator \
            prints them.
            """
    )

    @Option(help: "The address to bind to.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to bind to.")
    var port: Int = 8080

    func run() async throws {
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration(
                environment: ProcessInfo.processInfo.environment, host: host, port: port)
        } catch {
            throw ValidationError("\(error)")
        }
        let clients = try ScopedAuthClients(configuration: configuration)
        let app = buildApplication(configuration: configuration, clients: clients)
        try await app.runService()
    }
}
