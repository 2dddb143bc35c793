// expect-compiles
// Massdriver control: the valid combinations of credential, endpoint and operation type-check.
import Foundation
import ScopedAuth
import ScopedAuthMassdriver

func control(secret: MassdriverServiceAccountSecret, token: MassdriverAccessToken) async throws {
    _ = try await MassdriverClient(credential: secret).viewer()
    _ = try await MassdriverClient(credential: secret, apiVersion: .v2).viewer()
    _ = try await MassdriverClient(credential: token, apiVersion: .v2).viewer()
    _ = try await MassdriverClient(credential: MassdriverNoCredential(), apiVersion: .v2).server()
    for try await _ in MassdriverClient(credential: token).projects(organizationID: "acme") {}
}
