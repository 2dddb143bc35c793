public import Foundation

/// The registered claims of a JSON Web Token, read without verifying its signature.
///
/// ScopedAuth reads claims only to learn when a token expires; the service that issued the token is the one
/// that verifies it. `exp`, `iat` and `nbf` may be integer or fractional seconds (Spacelift sends fractions).
///
/// ```swift
/// let claims = try JWTClaims(token: jwt)
/// if let expiry = claims.expiresAt { ... }
/// ```
public struct JWTClaims: Sendable, Hashable {
    /// The `exp` claim: when the token stops being accepted.
    public var expiresAt: Date?
    /// The `iat` claim: when the token was issued.
    public var issuedAt: Date?
    /// The `nbf` claim: when the token starts being accepted.
    public var notBefore: Date?
    /// The `sub` claim: whom the token is about.
    public var subject: String?
    /// The `jti` claim: the token's unique identifier.
    public var tokenID: String?
    /// The `aud` claim: the recipients the token is meant for. RFC 7519 allows one string or a list of strings; a
    /// single string reads as a one-element list. Empty when the claim is absent or not made of strings.
    public var audience: [String] = []

    /// The largest token ScopedAuth will parse; anything larger is refused as malformed.
    public static let maximumTokenLength = 64 * 1024

    /// Reads the claims of a compact JWS (`header.payload.signature`).
    ///
    /// - Parameter token: The token text.
    /// - Throws: ``AuthError`` of kind ``AuthError/Kind/malformedResponse`` when the token is not a JWT, its
    ///   payload is not a JSON object, or a time claim is not a number.
    public init(token: String) throws(AuthError) {
        guard token.utf8.count <= Self.maximumTokenLength else {
            throw AuthError(.malformedResponse, detail: "token longer than \(Self.maximumTokenLength) bytes")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty else {
            throw AuthError(.malformedResponse, detail: "token is not a JWT (expected three segments)")
        }
        guard let payload = Data(base64URLEncoded: parts[1]) else {
            throw AuthError(.malformedResponse, detail: "JWT payload is not base64url")
        }
        let registered: RegisteredClaims
        do {
            registered = try JSONDecoder().decode(RegisteredClaims.self, from: payload)
        } catch let error as AuthError {
            throw error
        } catch {
            throw AuthError(.malformedResponse, detail: "JWT payload is not a JSON object")
        }
        expiresAt = registered.exp
        issuedAt = registered.iat
        notBefore = registered.nbf
        subject = registered.sub
        tokenID = registered.jti
        audience = registered.aud
    }
}

/// The claims ScopedAuth reads; time claims must be numbers, other claims are optional and loosely typed.
private struct RegisteredClaims: Decodable {
    var exp: Date?
    var iat: Date?
    var nbf: Date?
    var sub: String?
    var jti: String?
    var aud: [String]

    enum CodingKeys: String, CodingKey { case exp, iat, nbf, sub, jti, aud }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        exp = try Self.time(container, .exp)
        iat = try Self.time(container, .iat)
        nbf = try Self.time(container, .nbf)
        sub = try? container.decodeIfPresent(String.self, forKey: .sub)
        jti = try? container.decodeIfPresent(String.self, forKey: .jti)
        if let single = try? container.decode(String.self, forKey: .aud) {
            aud = [single]
        } else {
            aud = (try? container.decode([String].self, forKey: .aud)) ?? []
        }
    }

    private static func time(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        let seconds: Double
        do {
            seconds = try container.decode(Double.self, forKey: key)
        } catch {
            throw AuthError(.malformedResponse, detail: "JWT claim \(key.rawValue) is not a number")
        }
        guard seconds.isFinite, abs(seconds) < 1e11 else {
            throw AuthError(.malformedResponse, detail: "JWT claim \(key.rawValue) is out of range")
        }
        return Date(timeIntervalSince1970: seconds)
    }
}

extension Data {
    /// Decodes base64url text without padding, as used in JWTs.
    package init?(base64URLEncoded text: some StringProtocol) {
        var base64 = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let remainder = base64.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { base64 += String(repeating: "=", count: 4 - remainder) }
        self.init(base64Encoded: base64)
    }

    /// Encodes as base64url without padding.
    package func base64URLEncodedString() -> String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
