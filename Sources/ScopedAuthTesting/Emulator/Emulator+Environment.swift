import Foundation
import ScopedAuth

extension Emulator {
    /// The seeded credentials as the vendors' environment variables, at the emulator's origins: what an
    /// application configured from its environment (and the `scopedauth` CLI) reads.
    ///
    /// ```swift
    /// let emulator = Emulator()
    /// let client = try SpaceliftClient(apiKeyFrom: SpaceliftEnvironment(emulator.seededEnvironment),
    ///                                  transport: emulator.transport)
    /// ```
    ///
    /// MASV has both of its credentials here (`MASV_API_KEY`, and `MASV_EMAIL` with `MASV_PASSWORD`); remove the
    /// one a test does not want. Massdriver's service-account secret is in `MASSDRIVER_API_TOKEN` (not the legacy
    /// `MASSDRIVER_API_KEY`).
    public var seededEnvironment: [String: String] {
        let spaceliftKey = spacelift.seededAPIKey
        let serviceAccount = massdriver.seededServiceAccount
        return [
            "MASV_API_URL": origins.masv.absoluteString,
            "MASV_API_KEY": masv.seededAPIKey.revealed,
            "MASV_EMAIL": masv.seededUser.email,
            "MASV_PASSWORD": masv.seededUser.password.revealed,
            "MASV_TEAM_ID": masv.seededTeamID,
            "SPACELIFT_API_KEY_ENDPOINT": origins.spacelift.absoluteString,
            "SPACELIFT_API_KEY_ID": spaceliftKey.id,
            "SPACELIFT_API_KEY_SECRET": spaceliftKey.secret.revealed,
            "MASSDRIVER_URL": origins.massdriver.absoluteString,
            "MASSDRIVER_ORG_ID": serviceAccount.organizationID,
            "MASSDRIVER_SERVICE_ACCOUNT_ID": serviceAccount.id,
            "MASSDRIVER_API_TOKEN": serviceAccount.secret.revealed,
            "MUDSTACK_API_URL": origins.mudstack.absoluteString,
            "MUDSTACK_ACCOUNT_ID": mudstack.seededAccountID,
            "MUDSTACK_API_KEY": mudstack.seededKey.id,
            "MUDSTACK_API_SECRET": mudstack.seededKey.secret.revealed,
            "METAKRAFTWERK_URL": origins.metaKraftwerk.absoluteString,
            "METAKRAFTWERK_EMAIL": metaKraftwerk.seededUser.email,
            "METAKRAFTWERK_PASSWORD": metaKraftwerk.seededUser.password.revealed,
        ]
    }
}
