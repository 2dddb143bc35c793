// One OS process of a fleet, for the fleet tests and the FleetStorm benchmark (not a product).
//
// It builds a Spacelift client against the emulator's loopback origin, sharing its token through the PostgreSQL
// store (or, with --no-store, on its own), prints `ready`, then obeys one command per stdin line:
//
//   token N     N concurrent callers ask for a token          → `done ok=… failed=… token=<hash> ms=…`
//   request N   N concurrent callers call viewer() (401-replay) → same line
//   probe       whether the store answers                     → `probe ok` or `probe unavailable`
//   quit        exit
//
// It prints `event …` for each event of its session, and `exchanging` just before it sends a credential exchange, so a test can SIGKILL the lease holder.
// Settings: --endpoint URL --key-id ID --key-secret SECRET [--table NAME] [--lease-ms N] [--no-store];
// PostgreSQL from SCOPEDAUTH_POSTGRES_HOST/_PORT/_USER/_DATABASE.
import Crypto
import Foundation
import Logging
import PostgresNIO
import ScopedAuth
import ScopedAuthAsyncHTTPClient
import ScopedAuthPostgres
import ScopedAuthSpacelift

/// Prints a line to stdout at once (stdout is a pipe, so it would otherwise be block-buffered).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// The transport, announcing each credential exchange (Spacelift's `apiKeyUser` mutation) on stdout.
struct AnnouncingTransport: HTTPTransport {
    let base: AsyncHTTPClientTransport
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let body = request.body, String(decoding: body, as: UTF8.self).contains("apiKeyUser") {
            say("exchanging")
        }
        return try await base.send(request)
    }
    var concurrentRequestsPerOrigin: Int? { base.concurrentRequestsPerOrigin }
}

struct Options {
    var endpoint = URL(string: "http://127.0.0.1:1")!
    var keyID = ""
    var keySecret = ""
    var table = "scopedauth_tokens"
    var leaseMilliseconds = 15_000
    var useStore = true

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--endpoint": endpoint = iterator.next().flatMap(URL.init(string:)) ?? endpoint
            case "--key-id": keyID = iterator.next() ?? ""
            case "--key-secret": keySecret = iterator.next() ?? ""
            case "--table": table = iterator.next() ?? table
            case "--lease-ms": leaseMilliseconds = iterator.next().flatMap(Int.init) ?? leaseMilliseconds
            case "--no-store": useStore = false
            default: say("unknown argument \(argument)")
            }
        }
    }
}

/// The keys every member of the test fleet shares (test values, not secrets).
enum FleetKeys {
    static let sealing = SymmetricKey(data: [UInt8](repeating: 0x5A, count: 32))
    static let keying = [UInt8](repeating: 0xA5, count: 32)
}

func storm(_ count: Int, _ call: @escaping @Sendable () async throws -> Secret) async -> String {
    let started = ContinuousClock.now
    let results = await withTaskGroup(of: String?.self) { group in
        for _ in 0..<count {
            group.addTask { try? await call().revealed }
        }
        return await group.reduce(into: [String?]()) { $0.append($1) }
    }
    let elapsed = ContinuousClock.now - started
    let tokens = Set(results.compactMap { $0 })
    let hashes = tokens.map { SHA256.hash(data: Data($0.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined() }
    let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    return "done ok=\(results.count { $0 != nil }) failed=\(results.count { $0 == nil }) token=\(hashes.sorted().joined(separator: ",")) ms=\(String(format: "%.1f", ms))"
}

/// Stdin's lines, read on a thread of their own so that no task blocks a thread of the cooperative pool.
func commands() -> AsyncStream<String> {
    AsyncStream { continuation in
        let reader = Thread {
            while let line = readLine() { continuation.yield(line) }
            continuation.finish()
        }
        reader.start()
    }
}

@main
struct FleetMember {
    static func main() async throws {
        let options = Options(CommandLine.arguments)
        let environment = ProcessInfo.processInfo.environment
        let transport = AsyncHTTPClientTransport()
        let announcing = AnnouncingTransport(base: transport)
        var configuration = PostgresClient.Configuration(
            host: environment["SCOPEDAUTH_POSTGRES_HOST"] ?? "127.0.0.1",
            port: environment["SCOPEDAUTH_POSTGRES_PORT"].flatMap(Int.init) ?? 5432,
            username: environment["SCOPEDAUTH_POSTGRES_USER"] ?? "postgres", password: nil,
            database: environment["SCOPEDAUTH_POSTGRES_DATABASE"] ?? "postgres", tls: .disable)
        configuration.options.connectTimeout = .seconds(1)
        let postgres = PostgresClient(configuration: configuration)
        let store = PostgresTokenStore(
            client: postgres, sealer: try AESGCMTokenSealer(key: FleetKeys.sealing, keyID: "fleet-test"),
            configuration: .init(table: options.table, pollInterval: .milliseconds(200), operationTimeout: .seconds(2)))
        let sharing = TokenStoreConfiguration(
            store: store, keyingKey: FleetKeys.keying, leaseDuration: .milliseconds(options.leaseMilliseconds),
            operationTimeout: .seconds(3), maximumWait: .seconds(30))
        let apiKey = KeyAndSecret(id: options.keyID, secret: Secret(options.keySecret))
        let client = try SpaceliftClient(
            credential: .apiKey(apiKey), baseURL: options.endpoint, transport: announcing,
            tokenStore: options.useStore ? sharing : nil)

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await postgres.run() }
            group.addTask { try? await store.run() }
            let events = client.tokenSource.events()
            group.addTask {
                for await event in events { say("event \(event)") }
            }
            if options.useStore { try? await store.prepare() }
            say("ready")
            for await line in commands() {
                let words = line.split(separator: " ")
                let count = words.count > 1 ? Int(words[1]) ?? 1 : 1
                switch words.first {
                case "token": say(await storm(count) { try await client.currentToken() })
                case "request":
                    say(await storm(count) {
                        _ = try await client.viewer()
                        return try await client.currentToken()
                    })
                case "probe":
                    // Whether the store answers (after PostgreSQL comes back, the pool reconnects first).
                    let probe = TokenStoreKey(rawValue: "probe")
                    do {
                        _ = try await store.load(probe)
                        say("probe ok")
                    } catch {
                        say("probe unavailable")
                    }
                case "quit": group.cancelAll(); return
                default: say("unknown command \(line)")
                }
            }
            group.cancelAll()
        }
        try? await transport.shutdown()
    }
}
