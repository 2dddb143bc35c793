import Foundation
import ScopedAuth
import ScopedAuthMudstack
import ScopedAuthTesting
import Testing

@Suite("Mudstack never shows a secret")
struct MudstackSecretHygieneTests {
    @Test func neitherTheSecretNorTheTokenAppearsInDescriptionsErrorsOrEvents() async throws {
        let seeded = MudstackFixture().mudstack.seededKey
        let fixture = MudstackFixture(key: KeyAndSecret(id: seeded.id, secret: Secret(sentinelSecret)))
        let events = fixture.client.session.events()
        var texts: [String] = []
        if let error = await authError({ _ = try await fixture.client.account.accounts() }) {
            texts.append(String(describing: error))
            texts.append(String(reflecting: error))
        }
        #expect(texts.count == 2)
        var dumped = ""
        dump(fixture.client, to: &dumped)
        texts += [String(describing: fixture.client), dumped, String(describing: fixture.workspace)]
        texts += fixture.emulator.requests(to: .mudstack).map { String(describing: $0) }
        await fixture.client.shutdown()
        for await event in events { texts.append(String(describing: event)) }

        for text in texts { #expect(!text.contains(sentinelSecret), "\(text)") }
    }

    @Test func theTokenDoesNotAppearInRequestDescriptions() async throws {
        let fixture = MudstackFixture()
        _ = try await fixture.workspace.asset(fixture.mudstack.seededAssetIDs[0])
        let token = try await fixture.client.session.token().value.revealed
        let secret = fixture.mudstack.seededKey.secret.revealed
        for request in fixture.emulator.requests(to: .mudstack) {
            let text = String(describing: request)
            #expect(!text.contains(token))
            #expect(!text.contains(secret))
        }
    }
}
