import EmulatorServer
import Foundation
import ScopedAuth
import ScopedAuthTesting

/// What the emulator prints at start: where each service listens and the seeded credentials, as environment
/// variables the `scopedauth` CLI (and the vendors' own tools) read.
struct EmulatorBanner {
    let server: EmulatorServer

    var text: String {
        let emulator = server.emulator
        let origins = server.origins
        // One line per variable, grouped by service (the names begin with it).
        let exports = emulator.seededEnvironment.sorted { $0.key < $1.key }
            .map { "  export \($0.key)=\($0.value)" }.joined(separator: "\n")
        return """
            ScopedAuth emulator listening (seed \(emulator.masv.configuration.seed))
              MASV            \(origins.masv.absoluteString)
              MASV storage    \(origins.masvStorage.absoluteString)
              Spacelift       \(origins.spacelift.absoluteString)
              Massdriver      \(origins.massdriver.absoluteString)
              Mudstack        \(origins.mudstack.absoluteString)
              MetaKraftwerk   \(origins.metaKraftwerk.absoluteString)

            Seeded credentials (paste into a shell for `scopedauth token <service>`):
            \(exports)

            These are the emulator's own test credentials, printed on purpose. Stop with Ctrl-C.
            """
    }
}
