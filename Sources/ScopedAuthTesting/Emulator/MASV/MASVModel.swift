import Foundation
import ScopedAuth

/// The account that ``MASVEmulator`` (the API) and ``MASVStorageEmulator`` (the presigned storage origin) share.
///
/// It owns the state behind one `LockedValue` and the records seeded at creation: a team, its owner, an API key of the
/// owner, a portal on the team and an Amazon S3 cloud connection.
final class MASVModel: Sendable {
    struct Seed: Sendable {
        var teamID: String
        var userID: String
        var user: (email: String, password: String)
        var apiKey: String
        var portalID: String
        var portalSubdomain: String
        var cloudConnectionID: String
    }

    let configuration: MASVConfiguration
    let seed: Seed
    let state: LockedValue<MASVState>
    /// Names records that test hooks create (requests use the emulator's mint).
    let identifiers: TokenMint

    init(configuration: MASVConfiguration) {
        self.configuration = configuration
        let identifiers = TokenMint(seed: configuration.seed)
        self.identifiers = identifiers
        // ManualClock's default wall clock, so seeded records predate every test's requests.
        let created = Date(timeIntervalSince1970: 1_767_225_600)
        let team = MASVTeam(id: identifiers.ulid(), name: "Default Team", subdomain: "emulated-team")
        let user = MASVUser(
            id: identifiers.ulid(), email: "owner@masv.example", password: "masv-" + identifiers.secret(length: 16),
            name: "Emulated Owner", teamIDs: [team.id]
        )
        let key = MASVAPIKey(
            id: identifiers.ulid(), name: "seeded key", key: identifiers.secret(length: 48), userID: user.id,
            teamID: team.id, expiry: nil, status: .active, createdAt: created
        )
        let portal = MASVPortal(id: identifiers.ulid(), name: "Emulated Portal", subdomain: "emulated-portal", teamID: team.id)
        let connection = MASVCloudConnection(
            id: identifiers.ulid(), name: "Emulated S3 bucket", provider: "amazon_s3", teamID: team.id,
            createdAt: created
        )
        var state = MASVState()
        state.teams[team.id] = team
        state.users[user.id] = user
        state.apiKeys[key.key] = key
        state.portals[portal.id] = portal
        state.cloudConnections[connection.id] = connection
        self.state = LockedValue(state)
        seed = Seed(
            teamID: team.id, userID: user.id, user: (user.email, user.password), apiKey: key.key, portalID: portal.id,
            portalSubdomain: portal.subdomain, cloudConnectionID: connection.id
        )
    }
}
