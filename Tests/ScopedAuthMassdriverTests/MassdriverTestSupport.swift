import Foundation
import ScopedAuth
import ScopedAuthMassdriver
import ScopedAuthTesting
import Testing

/// One emulator and one ManualClock shared by the client under test.
struct MassdriverHarness {
    let clock = ManualClock()
    let emulator: Emulator

    init() {
        emulator = Emulator(clock: clock)
    }

    var baseURL: URL { emulator.origins.massdriver }

    var serviceAccount: MassdriverServiceAccountSecret {
        let seeded = emulator.massdriver.seededServiceAccount
        return MassdriverServiceAccountSecret(organizationID: seeded.organizationID, secret: seeded.secret)
    }

    var accessToken: MassdriverAccessToken {
        let (token, expiresAt) = emulator.massdriver.seededAccessToken
        return MassdriverAccessToken(token, expiresAt: expiresAt)
    }

    func client<Credential: MassdriverCredential>(
        _ credential: Credential,
        apiVersion: MassdriverAPIVersion<Credential>? = nil
    ) -> MassdriverClient<Credential> {
        MassdriverClient(
            credential: credential, apiVersion: apiVersion ?? Credential.defaultAPIVersion, baseURL: baseURL,
            transport: emulator.transport, clock: clock, retryPolicy: .none)
    }

    var requests: [HTTPRequest] { emulator.requests(to: .massdriver) }
}

/// Creates the deprecated credential without a deprecation warning in the tests (which build with
/// `-warnings-as-errors`): the call goes through a protocol whose witness is the deprecated one.
protocol LegacyAPIKeyMaking {
    func make(_ key: Secret) -> MassdriverLegacyAPIKey
}

struct LegacyAPIKeyFactory: LegacyAPIKeyMaking {
    @available(*, deprecated, message: "exercises the deprecated x-md-api-key on purpose")
    func make(_ key: Secret) -> MassdriverLegacyAPIKey { MassdriverLegacyAPIKey(key) }
}

func legacyAPIKey(_ key: Secret) -> MassdriverLegacyAPIKey {
    (LegacyAPIKeyFactory() as any LegacyAPIKeyMaking).make(key)
}

/// A transport that answers every request with one canned response, to check how the client reads it.
struct CannedTransport: HTTPTransport {
    var status = 200
    var body: String

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}

/// The `AuthError` that `body` throws, recording an issue when it throws nothing or something else.
func authError(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> AuthError? {
    do {
        try await body()
        Issue.record("expected an AuthError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as AuthError {
        return error
    } catch {
        Issue.record("expected an AuthError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Every element of `sequence`, in order.
func collect<S: AsyncSequence>(_ sequence: S) async throws -> [S.Element] {
    var elements: [S.Element] = []
    for try await element in sequence { elements.append(element) }
    return elements
}
