// expect-compiles
// Massdriver control: the valid combinations of credential, endpoint and operation type-check.
import Foundation
import ScopedAuth
import ScopedAuthMassdriver

func control(secret: MassdriverServiceAccountSecret, token: MassdriverAccessToken) async throws {
    _ = try await MassdriverClient(credential: secret).viewer()
    _ = try await MassdriverClient(credential: secret, apiVersion: .v1).server()
    _ = try await MassdriverClient(credential: secret, apiVersion: .v2).viewer()
    _ = try await MassdriverClient(credential: token, apiVersion: .v2).viewer()
    _ = try await MassdriverClient(credential: MassdriverNoCredential(), apiVersion: .v1).server()
    _ = try await MassdriverClient(credential: MassdriverNoCredential(), apiVersion: .v2).server()
    let environment = try MassdriverEnvironmentCredential(environment: [:])
    let fromEnvironment = MassdriverClient(credential: environment, apiVersion: .v2)
    for try await _ in fromEnvironment.projects(organizationID: environment.organizationID) {}
    for try await _ in MassdriverClient(credential: token).projects(organizationID: "acme") {}
    for try await _ in MassdriverClient(credential: secret).environments(organizationID: "acme") {}
    _ = try await MassdriverClient(credential: secret).createProject(organizationID: "acme", name: "API")
}

@available(*, deprecated)
func legacyControl(key: MassdriverLegacyAPIKey) async throws {
    _ = try await MassdriverClient(credential: key, apiVersion: .v1).viewer()
    _ = try await MassdriverClient(credential: MassdriverLegacyAPIKey(Secret("k"))).viewer()
}
