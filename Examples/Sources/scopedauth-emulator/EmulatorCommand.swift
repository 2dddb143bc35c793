import ArgumentParser
import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthTesting

/// `scopedauth-emulator`: the five services of ScopedAuthTesting over HTTP on loopback, for trying the SDK, the
/// CLI and the example app without any vendor account.
@main
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scopedauth-emulator",
        abstract: "Serve the ScopedAuth emulator of MASV, Spacelift, Massdriver, Mudstack and MetaKraftwerk on loopback.",
        discussion: """
            Every service listens on its own port: MASV on the port base, MASV storage +1, Spacelift +2, \
            Massdriver +3, Mudstack +4, MetaKraftwerk +5. Stop with Ctrl-C.
            """
    )

    @Option(help: "The first of six consecutive loopback ports.")
    var portBase: Int = 8600

    @Option(help: "Milliseconds of latency added to every answer.")
    var latency: Int = 0

    @Option(help: "Seed for every identifier, secret and token, so runs can be reproduced.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...(65_535 - EmulatorServer.portCount)).contains(portBase) else {
            throw ValidationError("--port-base must leave room for six ports below 65536")
        }
        guard latency >= 0 else { throw ValidationError("--latency must not be negative") }
    }

    func run() async throws {
        let server: EmulatorServer
        do {
            server = try await EmulatorServer.start(
                EmulatorServer.Configuration(
                    portBase: portBase, seed: seed, latency: .milliseconds(latency), stopsOnInterrupt: true)
            )
        } catch {
            throw ValidationError("cannot listen on ports \(portBase)-\(portBase + 5): \(error)")
        }
        // Written unbuffered, so a script reading a pipe sees the ports at once.
        FileHandle.standardOutput.write(Data((EmulatorBanner(server: server).text + "\n").utf8))
        try await server.waitUntilStopped()
    }
}
