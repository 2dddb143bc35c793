// expect-error: inheritance from a final class 'MassdriverAccessToken'
// Massdriver: nor can a user subclass a shipped credential to change what it sends.
import ScopedAuth
import ScopedAuthMassdriver

final class LouderToken: MassdriverAccessToken, @unchecked Sendable {}
