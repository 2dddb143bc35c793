/// The shape of the session tokens an emulated service hands out.
///
/// Real services do not promise a decodable JWT (SERVICES.md section 7, General): the vendors' own samples show
/// opaque strings and JWTs without `exp`. The default is a JWT with `exp` (integer seconds; Spacelift's are
/// fractional); choose another style per service to check that a client copes with each. The emulator still
/// keeps every token's expiry itself and rejects it after it, whatever the token shows.
///
/// ```swift
/// let emulator = Emulator(clock: clock)
/// emulator.mintTokens(.opaque, for: .mudstack)
/// ```
public struct EmulatorTokenStyle: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable {
        case jwt, jwtWithoutExpiry, jwtWithFractionalExpiry, opaque
    }

    package let kind: Kind

    /// A JWT with `exp` and `iat` (the default).
    public static let jwt = EmulatorTokenStyle(kind: .jwt)
    /// A JWT whose payload has no `exp` claim.
    public static let jwtWithoutExpiry = EmulatorTokenStyle(kind: .jwtWithoutExpiry)
    /// A JWT whose `exp` and `iat` are fractional seconds.
    public static let jwtWithFractionalExpiry = EmulatorTokenStyle(kind: .jwtWithFractionalExpiry)
    /// An opaque random string that is not a JWT at all.
    public static let opaque = EmulatorTokenStyle(kind: .opaque)

    /// Every style, for parameterised tests.
    public static let all: [EmulatorTokenStyle] = [.jwt, .jwtWithoutExpiry, .jwtWithFractionalExpiry, .opaque]

    /// The style's name.
    public var description: String { kind.rawValue }
}

extension Emulator {
    /// Makes `service` hand out its session tokens (MASV user tokens, Spacelift, Mudstack and MetaKraftwerk
    /// tokens) in `style` from now on; package, transfer and static tokens keep their shape.
    public func mintTokens(_ style: EmulatorTokenStyle, for service: EmulatedServiceID) {
        environment.mint.setStyle(style, for: service)
    }
}
