public import Crypto
public import ScopedAuth
import Foundation

/// Seals tokens at rest with AES-GCM under a key the application provides (swift-crypto).
///
/// A sealed token is a format byte, a random 96-bit nonce, the ciphertext and the 128-bit tag. The key's
/// ``keyID`` and a context (``PostgresTokenStore`` passes the row's credential key) are authenticated as
/// associated data, so a sealed token opens only under the same key, the same key id and in the same row: a row
/// copied to another credential, or relabelled with another key id, fails to open with
/// ``TokenStoreError/Kind/unsealable`` instead of serving someone else's token.
///
/// ```swift
/// let sealer = try AESGCMTokenSealer(key: SymmetricKey(data: keyBytesFromYourSecretManager), keyID: "2026-11")
/// ```
///
/// The key never prints: the description shows only the key id.
public struct AESGCMTokenSealer: TokenSealer, CustomStringConvertible, CustomReflectable {
    /// Names the key, so that rows sealed under another key are recognised (not secret; stored next to each row).
    public let keyID: String
    private let key: SymmetricKey

    /// The format byte of a sealed token.
    static let formatVersion: UInt8 = 1
    private static let nonceSize = 12
    private static let tagSize = 16

    /// Creates a sealer.
    ///
    /// - Parameters:
    ///   - key: A 128-, 192- or 256-bit AES key (256 recommended), from your secret manager, never from source.
    ///   - keyID: A short name for the key (for example its rotation date); stored in clear next to each row.
    /// - Throws: ``TokenStoreError`` of kind ``TokenStoreError/Kind/unsealable`` when the key has another size
    ///   or the key id is empty.
    public init(key: SymmetricKey, keyID: String) throws {
        guard [128, 192, 256].contains(key.bitCount) else {
            throw TokenStoreError(.unsealable, detail: "an AES-GCM key has 128, 192 or 256 bits, not \(key.bitCount)")
        }
        guard !keyID.isEmpty, keyID.utf8.count <= 200 else {
            throw TokenStoreError(.unsealable, detail: "a key id is 1 to 200 bytes")
        }
        self.key = key
        self.keyID = keyID
    }

    /// Seals `plaintext` with no context beyond the key id.
    public func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        try seal(plaintext, context: [])
    }

    /// Opens a token sealed by ``seal(_:)``.
    public func open(_ sealed: [UInt8]) throws -> [UInt8] {
        try open(sealed, context: [])
    }

    /// Seals `plaintext`, authenticating `context` (for example the row it is stored in) with it.
    ///
    /// - Throws: ``TokenStoreError`` of kind ``TokenStoreError/Kind/unsealable`` when the cipher fails.
    public func seal(_ plaintext: [UInt8], context: [UInt8]) throws -> [UInt8] {
        do {
            let box = try AES.GCM.seal(plaintext, using: key, authenticating: associatedData(context))
            return [Self.formatVersion] + Array(box.nonce) + Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw TokenStoreError(.unsealable, detail: "AES-GCM could not seal the token")
        }
    }

    /// Opens a token sealed by ``seal(_:context:)`` with the same `context`.
    ///
    /// - Throws: ``TokenStoreError`` of kind ``TokenStoreError/Kind/corrupt`` when `sealed` is not a sealed token
    ///   (wrong format byte or too short), of kind ``TokenStoreError/Kind/unsealable`` when it was sealed under
    ///   another key, key id or context, or altered.
    public func open(_ sealed: [UInt8], context: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= 1 + Self.nonceSize + Self.tagSize, sealed[0] == Self.formatVersion else {
            throw TokenStoreError(.corrupt, detail: "not an AES-GCM sealed token (format or length)")
        }
        let nonceEnd = 1 + Self.nonceSize
        let tagStart = sealed.count - Self.tagSize
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: sealed[1..<nonceEnd]), ciphertext: sealed[nonceEnd..<tagStart],
                tag: sealed[tagStart...])
            return Array(try AES.GCM.open(box, using: key, authenticating: associatedData(context)))
        } catch {
            throw TokenStoreError(
                .unsealable, detail: "the token does not open under key id '\(keyID)' (another key, or altered)")
        }
    }

    /// The key id; never the key.
    public var description: String { "AESGCMTokenSealer(keyID: \(keyID))" }

    /// A mirror with the key id only.
    public var customMirror: Mirror { Mirror(self, children: ["keyID": keyID], displayStyle: .struct) }

    private func associatedData(_ context: [UInt8]) -> [UInt8] {
        Array("scopedauth.aesgcm.v1".utf8) + [0] + Array(keyID.utf8) + [0] + context
    }
}
