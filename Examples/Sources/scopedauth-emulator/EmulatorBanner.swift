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
        let spaceliftKey = emulator.spacelift.seededAPIKey
        let massdriver = emulator.massdriver.seededServiceAccount
        let mudstackKey = emulator.mudstack.seededKey
        let masvUser = emulator.masv.seededUser
        let metaKraftwerkUser = emulator.metaKraftwerk.seededUser
        return """
            ScopedAuth emulator listening (seed \(emulator.masv.configuration.seed))
              MASV            \(origins.masv.absoluteString)
              MASV storage    \(origins.masvStorage.absoluteString)
              Spacelift       \(origins.spacelift.absoluteString)
              Massdriver      \(origins.massdriver.absoluteString)
              Mudstack        \(origins.mudstack.absoluteString)
              MetaKraftwerk   \(origins.metaKraftwerk.absoluteString)

            Seeded credentials (paste into a shell for `scopedauth token <service>`):
              export MASV_API_URL=\(origins.masv.absoluteString)
              export MASV_API_KEY=\(emulator.masv.seededAPIKey.revealed)
              export MASV_EMAIL=\(masvUser.email) MASV_PASSWORD=\(masvUser.password.revealed)
              export MASV_TEAM_ID=\(emulator.masv.seededTeamID)
              export SPACELIFT_API_KEY_ENDPOINT=\(origins.spacelift.absoluteString)
              export SPACELIFT_API_KEY_ID=\(spaceliftKey.id)
              export SPACELIFT_API_KEY_SECRET=\(spaceliftKey.secret.revealed)
              export MASSDRIVER_URL=\(origins.massdriver.absoluteString)
              export MASSDRIVER_ORG_ID=\(massdriver.organizationID)
              export MASSDRIVER_SERVICE_ACCOUNT_ID=\(massdriver.id)
              export MASSDRIVER_API_KEY=\(massdriver.secret.revealed)
              export MUDSTACK_API_URL=\(origins.mudstack.absoluteString)
              export MUDSTACK_ACCOUNT_ID=\(emulator.mudstack.seededAccountID)
              export MUDSTACK_API_KEY=\(mudstackKey.id)
              export MUDSTACK_API_SECRET=\(mudstackKey.secret.revealed)
              export METAKRAFTWERK_URL=\(origins.metaKraftwerk.absoluteString)
              export METAKRAFTWERK_EMAIL=\(metaKraftwerkUser.email)
              export METAKRAFTWERK_PASSWORD=\(metaKraftwerkUser.password.revealed)

            These are the emulator's own test credentials, printed on purpose. Stop with Ctrl-C.
            """
    }
}
