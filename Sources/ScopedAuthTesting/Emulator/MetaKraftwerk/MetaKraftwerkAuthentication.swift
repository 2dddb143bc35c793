import Foundation
import ScopedAuth

/// Feathers authentication: `POST /authentication` with the `local` or `jwt` strategy, and the bearer check of
/// every `/api/v1` route.
extension MetaKraftwerkEmulator {
    func authenticate(
        _ request: EmulatorRequest, context: EmulatorContext, state: inout MetaKraftwerkState
    ) throws(FeathersError) -> HTTPResponse {
        guard let body = request.jsonObject() else { throw .badRequest("Invalid JSON body") }
        switch body["strategy"] as? String {
        case "local":
            guard let email = body["email"] as? String, !email.isEmpty else { throw .badRequest("'email' is required") }
            guard let password = body["password"] as? String, !password.isEmpty else {
                throw .badRequest("'password' is required")
            }
            guard let user = state.user(email: email), !user.isRevoked,
                Secret(user.password) == Secret(password)
            else { throw .notAuthenticated("Invalid login") }
            let (accessToken, issued) = mintAccessToken(for: user, context: context, state: &state)
            context.counters.recordExchange(.metaKraftwerk, credential: user.email)
            return authenticationResult(strategy: "local", accessToken: accessToken, token: issued, user: user)
        case "jwt":
            guard let accessToken = body["accessToken"] as? String, !accessToken.isEmpty else {
                throw .notAuthenticated("No access token")
            }
            let (issued, user) = try verify(accessToken, context: context, state: state)
            return authenticationResult(strategy: "jwt", accessToken: accessToken, token: issued, user: user)
        case nil:
            throw .notAuthenticated("Invalid authentication information (no `strategy` set)")
        case .some:
            throw .notAuthenticated("Invalid authentication information (strategy not allowed in authStrategies)")
        }
    }

    /// The user behind the request's bearer token, or the Feathers 401 that refuses it.
    func authorize(
        _ request: EmulatorRequest, context: EmulatorContext, state: MetaKraftwerkState
    ) throws(FeathersError) -> MetaKraftwerkUser {
        guard let accessToken = request.bearerToken, !accessToken.isEmpty else {
            context.counters.recordUnauthorized(.metaKraftwerk)
            throw .notAuthenticated("Not authenticated")
        }
        return try verify(accessToken, context: context, state: state).user
    }

    /// Looks the token up, as jsonwebtoken's `verify` would judge it: expired once the clock's whole seconds
    /// reach `exp`.
    private func verify(
        _ accessToken: String, context: EmulatorContext, state: MetaKraftwerkState
    ) throws(FeathersError) -> (token: MetaKraftwerkIssuedToken, user: MetaKraftwerkUser) {
        let rejection: FeathersError
        if let token = state.tokens[accessToken] {
            if Int(context.now.timeIntervalSince1970.rounded(.down)) >= token.expiresAt {
                let expiredAt = Date(timeIntervalSince1970: TimeInterval(token.expiresAt))
                rejection = .notAuthenticated(
                    "jwt expired", data: ["name": "TokenExpiredError", "expiredAt": expiredAt.javaScriptISOString])
            } else if let user = state.users[token.userID], !user.isRevoked {
                return (token, user)
            } else {
                rejection = .notAuthenticated("User not found")
            }
        } else if accessToken.split(separator: ".", omittingEmptySubsequences: false).count == 3 {
            rejection = .notAuthenticated("invalid signature")
        } else {
            rejection = .notAuthenticated("jwt malformed")
        }
        context.counters.recordUnauthorized(.metaKraftwerk)
        throw rejection
    }

    /// Mints a Feathers access token: header `{"alg":"HS256","typ":"access"}`, a UUID `jti`, string `sub`.
    ///
    /// Built here rather than with `TokenMint.mint(subject:…)`
    /// because Feathers' `jti` is a UUID, where the mint writes its own ULID.
    private func mintAccessToken(
        for user: MetaKraftwerkUser, context: EmulatorContext, state: inout MetaKraftwerkState
    ) -> (String, MetaKraftwerkIssuedToken) {
        let issuedAt = Int(context.now.timeIntervalSince1970.rounded(.down))
        let token = MetaKraftwerkIssuedToken(
            userID: user.id, issuedAt: issuedAt, expiresAt: issuedAt + Int(state.tokenLifetime.seconds),
            audience: context.origins.metaKraftwerk.absoluteString, tokenID: context.mint.uuid())
        let header = ["alg": "HS256", "typ": "access"]
        var payload = token.payloadJSON
        let style = context.mint.style(for: .metaKraftwerk).kind
        if style == .jwtWithoutExpiry { payload["exp"] = nil }
        if style == .jwtWithFractionalExpiry {
            payload["iat"] = Double(token.issuedAt) + 0.25
            payload["exp"] = Double(token.expiresAt) - 0.5
        }
        let encoded = [header as [String: Any], payload].map { object in
            ((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
                .base64URLEncodedString()
        }
        let accessToken = style == .opaque
            ? "opaque_" + context.mint.secret(length: 48)
            : (encoded + [Data(context.mint.randomBytes(32)).base64URLEncodedString()]).joined(separator: ".")
        state.tokens[accessToken] = token
        return (accessToken, token)
    }

    private func authenticationResult(
        strategy: String, accessToken: String, token: MetaKraftwerkIssuedToken, user: MetaKraftwerkUser
    ) -> HTTPResponse {
        HTTPResponse.json(
            status: 201,
            [
                "accessToken": accessToken,
                "authentication": [
                    "strategy": strategy, "accessToken": accessToken, "payload": token.payloadJSON,
                ] as [String: Any],
                "user": user.json,
            ])
    }
}
