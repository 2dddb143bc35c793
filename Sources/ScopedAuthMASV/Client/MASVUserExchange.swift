import Foundation
import ScopedAuth

/// Signs a user in at `POST /v1/auth` and sends the user token in `X-User-Token`.
///
/// It remembers the teams of the latest sign-in, which MASV returns with the token.
final class MASVUserExchange: CredentialExchange {
    private let credentials: EmailPassword
    private let connection: MASVConnection
    private let latestTeams = LockedValue<[MASVTeam]?>(nil)

    init(credentials: EmailPassword, connection: MASVConnection) {
        self.credentials = credentials
        self.connection = connection
    }

    /// The teams of the latest successful sign-in, or `nil` before the first one.
    var teams: [MASVTeam]? { latestTeams.withLock { $0 } }

    /// A user token's lifetime (SERVICES.md section 7), the refresh horizon when the token has no readable `exp`.
    static let documentedLifetime = Duration.seconds(3 * 86_400)

    func exchange() async throws -> IssuedToken {
        let body = MASVWire.SignInRequest(email: credentials.email, password: credentials.password)
        let response = try await connection.send(connection.exchange, .post, RequestPath("v1", "auth"), json: body)
        let (token, teams) = try Self.signIn(response)
        latestTeams.withLock { $0 = teams }
        return token
    }

    /// Reads a successful `POST /v1/auth` answer: the user token and the user's teams.
    static func signIn(_ response: HTTPResponse) throws(AuthError) -> (IssuedToken, [MASVTeam]) {
        let signIn = try response.decodeMASV(MASVWire.SignIn.self)
        return (IssuedToken(value: Secret(signIn.token), expiry: .fromJWT(orLifetime: Self.documentedLifetime),
                            serverDate: response.serverDate),
                signIn.teams.map(MASVTeam.init))
    }

    func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
        request.headers["X-User-Token"] = token.value.revealed
    }
}
