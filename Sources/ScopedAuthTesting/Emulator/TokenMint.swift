package import Foundation
import ScopedAuth

/// Mints JWT-shaped tokens (`header.payload.signature`, base64url without padding) with `exp`, `iat`, `sub` and
/// `jti` claims and a random signature.
///
/// The emulator checks a token by looking it up in the issuing service's table, never by cryptography, exactly as
/// SERVICES.md section 7 decides. Randomness comes from a seeded generator, so a seed reproduces a run.
package final class TokenMint: Sendable {
    private let generator: LockedValue<SplitMix64>
    private let styles = LockedValue<[EmulatedServiceID: EmulatorTokenStyle]>([:])

    package init(seed: UInt64) {
        generator = LockedValue(SplitMix64(seed: seed))
    }

    /// Makes the session tokens of `service` come in `style`.
    package func setStyle(_ style: EmulatorTokenStyle, for service: EmulatedServiceID) {
        styles.withLock { $0[service] = style }
    }

    /// The style of `service`'s session tokens (``EmulatorTokenStyle/jwt`` unless set).
    package func style(for service: EmulatedServiceID) -> EmulatorTokenStyle {
        styles.withLock { $0[service] } ?? .jwt
    }

    /// Mints a session token of `service` in the style set for it: a JWT (with `exp`, without, or with
    /// fractional times; `fractionalSeconds` keeps a service's own fractional default) or an opaque string.
    package func sessionToken(
        for service: EmulatedServiceID,
        subject: String,
        issuedAt: Date,
        expiresAt: Date,
        fractionalSeconds: Bool = false,
        claims: [String: any Sendable] = [:]
    ) -> String {
        switch style(for: service).kind {
        case .opaque:
            return "opaque_" + secret(length: 48)
        case .jwtWithoutExpiry:
            return mint(subject: subject, issuedAt: issuedAt, expiresAt: nil, fractionalSeconds: fractionalSeconds,
                        claims: claims).token
        case .jwtWithFractionalExpiry:
            // Half a second before the real expiry, so that a client reading `exp` never overshoots it.
            return mint(subject: subject, issuedAt: issuedAt, expiresAt: expiresAt.addingTimeInterval(-0.5),
                        fractionalSeconds: true, claims: claims).token
        case .jwt:
            return mint(subject: subject, issuedAt: issuedAt, expiresAt: expiresAt,
                        fractionalSeconds: fractionalSeconds, claims: claims).token
        }
    }

    /// Random bytes from the seeded generator.
    package func randomBytes(_ count: Int) -> [UInt8] {
        generator.withLock { generator in
            (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        }
    }

    /// A random identifier: 26 Crockford base32 characters, like the ULIDs MASV and Spacelift use.
    package func ulid() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        return String(randomBytes(26).map { alphabet[Int($0) % 32] })
    }

    /// A random UUID string (Mudstack and Feathers `jti` use UUIDs).
    package func uuid() -> String {
        var bytes = randomBytes(16)
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }

    /// A random opaque secret of `length` URL-safe characters.
    package func secret(length: Int = 40) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String(randomBytes(length).map { alphabet[Int($0) % alphabet.count] })
    }

    /// Mints a JWT-shaped token.
    ///
    /// - Parameters:
    ///   - subject: The `sub` claim.
    ///   - issuedAt: The `iat` claim (the service's clock).
    ///   - expiresAt: The `exp` claim, if the token expires.
    ///   - fractionalSeconds: Write `iat`/`exp` as fractional seconds, as Spacelift does.
    ///   - header: Extra JOSE header fields (MetaKraftwerk's `typ: "access"`).
    ///   - claims: Extra claims (`lvl`, `typ`, `lid`, …), JSON-serialisable values only.
    /// - Returns: The token and its `jti`.
    package func mint(
        subject: String,
        issuedAt: Date,
        expiresAt: Date?,
        fractionalSeconds: Bool = false,
        header: [String: String] = ["typ": "JWT"],
        claims: [String: any Sendable] = [:]
    ) -> (token: String, tokenID: String) {
        let tokenID = ulid()
        var payload: [String: Any] = claims
        payload["sub"] = subject
        payload["jti"] = tokenID
        func time(_ date: Date) -> Any {
            fractionalSeconds ? date.timeIntervalSince1970 : Int(date.timeIntervalSince1970.rounded(.down))
        }
        payload["iat"] = time(issuedAt)
        if let expiresAt { payload["exp"] = time(expiresAt) }
        var jose: [String: Any] = ["alg": "HS256"]
        for (key, value) in header { jose[key] = value }
        let headerData = (try? JSONSerialization.data(withJSONObject: jose, options: [.sortedKeys])) ?? Data()
        let payloadData = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])) ?? Data()
        let signature = Data(randomBytes(32))
        let token = [headerData, payloadData, signature].map { $0.base64URLEncodedString() }.joined(separator: ".")
        return (token, tokenID)
    }
}

/// A small, fast, seedable generator (SplitMix64), good enough for test data and jitter.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
