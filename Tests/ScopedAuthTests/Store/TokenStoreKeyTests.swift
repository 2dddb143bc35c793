import Foundation
@testable import ScopedAuth
import Testing

/// SHA-256 against FIPS 180-4 examples, HMAC-SHA-256 against RFC 4231, and what a store key reveals.
@Suite struct TokenStoreKeyTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.lowercaseHex }
    static func bytes(_ byte: UInt8, _ count: Int) -> [UInt8] { [UInt8](repeating: byte, count: count) }

    @Test func sha256MatchesTheNISTExamples() {
        #expect(Self.hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(SHA256.hash("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.hex(SHA256.hash(Self.bytes(UInt8(ascii: "a"), 1_000_000)))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // 55, 56 and 64 bytes: the padding boundaries.
        #expect(Self.hex(SHA256.hash(Self.bytes(UInt8(ascii: "a"), 55)))
            == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(Self.hex(SHA256.hash(Self.bytes(UInt8(ascii: "a"), 56)))
            == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(Self.hex(SHA256.hash(Self.bytes(UInt8(ascii: "a"), 64)))
            == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func hmacMatchesRFC4231() {
        #expect(Self.hex(HMACSHA256.authenticationCode(for: "Hi There".utf8, key: Self.bytes(0x0b, 20)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Self.hex(HMACSHA256.authenticationCode(for: "what do ya want for nothing?".utf8, key: Array("Jefe".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Self.hex(HMACSHA256.authenticationCode(for: Self.bytes(0xdd, 50), key: Self.bytes(0xaa, 20)))
            == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
        let key4 = (1...25).map { UInt8($0) }
        #expect(Self.hex(HMACSHA256.authenticationCode(for: Self.bytes(0xcd, 50), key: key4))
            == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
        #expect(Self.hex(HMACSHA256.authenticationCode(
            for: "Test Using Larger Than Block-Size Key - Hash Key First".utf8, key: Self.bytes(0xaa, 131)))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        let message7 = "This is a test using a larger than block-size key and a larger than block-size data. The key needs "
            + "to be hashed before being used by the HMAC algorithm."
        #expect(Self.hex(HMACSHA256.authenticationCode(for: message7.utf8, key: Self.bytes(0xaa, 131)))
            == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    static let applicationKey = Array("0123456789abcdef0123456789abcdef".utf8)

    @Test func aKeyRevealsNothingOfTheCredential() {
        let email = "alice@example.com"
        let password = "hunter2-very-secret"
        let key = TokenStoreKey(service: "masv", identity: ["https://api.massive.app", email],
                                secret: Secret(password), keyedBy: Self.applicationKey)
        #expect(key.rawValue.count == 64)
        #expect(key.rawValue.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        for fragment in [email, "alice", "example", password, "hunter2", "masv", "massive"] {
            #expect(!key.rawValue.contains(fragment))
            #expect(!"\(key)".contains(fragment))
        }
        // Not a plain hash of the parts: without the application key a guess cannot be checked.
        #expect(key.rawValue != SHA256.hash(Array((email + password).utf8)).lowercaseHex)
    }

    @Test func everyPartOfTheCredentialChangesTheKey() {
        let base = TokenStoreKey(service: "spacelift", identity: ["acme", "key-1"], secret: Secret("s1"),
                                 keyedBy: Self.applicationKey)
        let same = TokenStoreKey(service: "spacelift", identity: ["acme", "key-1"], secret: Secret("s1"),
                                 keyedBy: Self.applicationKey)
        #expect(base == same)
        let variants = [
            TokenStoreKey(service: "mudstack", identity: ["acme", "key-1"], secret: Secret("s1"), keyedBy: Self.applicationKey),
            TokenStoreKey(service: "spacelift", identity: ["acme", "key-2"], secret: Secret("s1"), keyedBy: Self.applicationKey),
            // A rotated secret gets a new key.
            TokenStoreKey(service: "spacelift", identity: ["acme", "key-1"], secret: Secret("s2"), keyedBy: Self.applicationKey),
            TokenStoreKey(service: "spacelift", identity: ["acme", "key-1"], secret: nil, keyedBy: Self.applicationKey),
            TokenStoreKey(service: "spacelift", identity: ["acme", "key-1"], secret: Secret("s1"),
                          keyedBy: Array("another-application-key-32-bytes".utf8)),
            // Parts are length-prefixed: moving a boundary changes the key.
            TokenStoreKey(service: "spacelift", identity: ["acmek", "ey-1"], secret: Secret("s1"), keyedBy: Self.applicationKey),
            TokenStoreKey(service: "spacelift", identity: ["acme", "key-1", ""], secret: Secret("s1"), keyedBy: Self.applicationKey),
        ]
        for variant in variants { #expect(variant != base) }
        #expect(Set(variants).count == variants.count)
    }
}
