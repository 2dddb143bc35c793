import Foundation
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthMetaKraftwerk
import ScopedAuthMudstack
import ScopedAuthSpacelift
import ScopedAuthTesting
import Testing

/// Every client with an exchangeable credential shares its token through a `TokenStore` given as `tokenStore:`,
/// under a key that reveals nothing of the credential.
@Suite struct StoredTokenTests {
    static let keyingKey = Array("application-keying-key-for-tests".utf8)

    /// Two clients of one credential on one store: the second one takes the first one's token.
    @Test func eachClientSharesItsTokenThroughTheStore() async throws {
        let clock = ManualClock()
        let emulator = Emulator(clock: clock)
        let store = InMemoryTokenStore(clock: clock)
        let sharing = TokenStoreConfiguration(store: store, keyingKey: Self.keyingKey)

        let spaceliftKey = emulator.spacelift.seededAPIKey
        for _ in 0..<2 {
            let client = try SpaceliftClient(endpoint: emulator.origins.spacelift, apiKey: spaceliftKey,
                                             transport: emulator.transport, clock: clock, tokenStore: sharing)
            _ = try await client.currentToken()
            await client.shutdown()
        }
        #expect(emulator.counters.exchanges(.spacelift) == 1)

        for _ in 0..<2 {
            let client = MudstackClient(accountID: emulator.mudstack.seededAccountID, key: emulator.mudstack.seededKey,
                                        baseURL: emulator.origins.mudstack, transport: emulator.transport, clock: clock,
                                        tokenStore: sharing)
            _ = try await client.session.token()
            await client.shutdown()
        }
        #expect(emulator.counters.exchanges(.mudstack) == 1)

        for _ in 0..<2 {
            let client = MetaKraftwerkClient(credentials: emulator.metaKraftwerk.seededUser,
                                             baseURL: emulator.origins.metaKraftwerk, transport: emulator.transport,
                                             clock: clock, tokenStore: sharing)
            _ = try await client.session.token()
            await client.shutdown()
        }
        #expect(emulator.counters.exchanges(.metaKraftwerk) == 1)

        // MASV's teams come only with a sign-in: a client whose token came from the store signs in once for them.
        var teams: [[String]] = []
        for _ in 0..<2 {
            let client = MASVClient(credential: .user(emulator.masv.seededUser), baseURL: emulator.origins.masv,
                                    transport: emulator.transport, clock: clock, tokenStore: sharing)
            teams.append(try await client.teams().map(\.id))
            await client.shutdown()
        }
        #expect(teams[0] == teams[1])
        #expect(!teams[0].isEmpty)
        #expect(emulator.counters.exchanges(.masv) == 2)

        // Four credentials, four keys, none of which names its credential.
        let keys = await store.keys.map(\.rawValue)
        #expect(keys.count == 4)
        let revealing = [spaceliftKey.id, spaceliftKey.secret.revealed, emulator.mudstack.seededAccountID,
                         emulator.mudstack.seededKey.id, emulator.mudstack.seededKey.secret.revealed,
                         emulator.metaKraftwerk.seededUser.email, emulator.metaKraftwerk.seededUser.password.revealed,
                         emulator.masv.seededUser.email, emulator.masv.seededUser.password.revealed]
        for key in keys {
            for fragment in revealing where !fragment.isEmpty { #expect(!key.contains(fragment)) }
        }
    }
}
