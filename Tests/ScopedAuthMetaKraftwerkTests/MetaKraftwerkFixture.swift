import Foundation
import ScopedAuth
import ScopedAuthMetaKraftwerk
import ScopedAuthTesting

/// A password that must never appear in any description, error or event.
let sentinelPassword = "SENTINEL-mkw-4e1b-never-print-me"

/// One emulator and one client sharing a `ManualClock`.
struct MetaKraftwerkFixture {
    let clock = ManualClock()
    let emulator: Emulator
    let client: MetaKraftwerkClient

    var service: MetaKraftwerkEmulator { emulator.metaKraftwerk }
    var projectID: Int { service.seededProjectID }
    var patternIDs: [Int] { service.seededPatternIDs }
    var logins: Int { emulator.counters.exchanges(.metaKraftwerk) }

    /// A client signed in as `credentials`, or as the seeded user with every permission.
    init(credentials: ((MetaKraftwerkEmulator) -> EmailPassword)? = nil) {
        emulator = Emulator(clock: clock)
        let signIn = credentials?(emulator.metaKraftwerk) ?? emulator.metaKraftwerk.seededUser
        client = MetaKraftwerkClient(
            credential: signIn, baseURL: emulator.origins.metaKraftwerk, transport: emulator.transport,
            clock: clock)
    }

    /// Another client on the same emulator and clock.
    func makeClient(_ credentials: EmailPassword) -> MetaKraftwerkClient {
        MetaKraftwerkClient(
            credential: credentials, baseURL: emulator.origins.metaKraftwerk, transport: emulator.transport,
            clock: clock)
    }

    /// The `strategy` of every sign-in request the emulator received.
    func loginStrategies() -> [String] {
        emulator.requests(to: .metaKraftwerk).filter { $0.url.path == "/authentication" }.map { request in
            let body = request.body.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]
            return body?["strategy"] as? String ?? "?"
        }
    }

    /// Moves the clock in `interval` steps, each once the watcher is asleep on it, `steps` times.
    func drivePolling(steps: Int, interval: Duration) async {
        for _ in 0..<steps {
            await clock.waitForSleepers(count: 1)
            clock.advance(by: interval)
        }
    }
}
