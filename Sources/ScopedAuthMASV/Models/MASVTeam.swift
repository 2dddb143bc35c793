/// A MASV team the signed-in user belongs to, as returned by `POST /v1/auth`.
///
/// ```swift
/// let team = try await client.teams().first
/// let package = try await client.packages.create(team: team.id, name: "Rushes")
/// ```
public struct MASVTeam: Sendable, Hashable, Identifiable {
    /// The team's id (a ULID).
    public var id: String
    /// The team's name.
    public var name: String
    /// The team's subdomain.
    public var subdomain: String

    init(_ wire: MASVWire.Team) {
        id = wire.id
        name = wire.name ?? ""
        subdomain = wire.subdomain ?? ""
    }
}
