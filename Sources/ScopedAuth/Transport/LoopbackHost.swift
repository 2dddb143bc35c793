import Foundation

/// Decides whether a URL host is a loopback address by parsing it, never by looking at its prefix.
///
/// Loopback means: exactly `localhost`, an IPv4 literal in `127.0.0.0/8` written as four decimal octets, the IPv6
/// literal `::1` in any spelling, or an IPv4-mapped IPv6 literal (`::ffff:127.0.0.1`, `::ffff:7f00:1`) whose IPv4
/// address is loopback. Anything else is not: `127.attacker.example`, `localhost.evil`, `foo.localhost` (a name
/// the system resolver may send to DNS), `127.1`, `0x7f.0.0.1`, `[::ffff:8.8.8.8]`.
package enum LoopbackHost {
    /// Whether `host` (with or without IPv6 brackets, any case) names a loopback address.
    package static func isLoopback(_ host: String) -> Bool {
        var bare = Substring(host)
        if bare.hasPrefix("["), bare.hasSuffix("]") { bare = bare.dropFirst().dropLast() }
        if bare.utf8.count == 9, String(bare).caseInsensitiveEquals("localhost") { return true }
        if let v4 = ipv4(bare) { return v4.0 == 127 }
        guard let v6 = ipv6(bare) else { return false }
        if v6[0..<15].allSatisfy({ $0 == 0 }) && v6[15] == 1 { return true }
        let mapped = v6[0..<10].allSatisfy { $0 == 0 } && v6[10] == 0xff && v6[11] == 0xff
        return mapped && v6[12] == 127
    }

    /// Four decimal octets `a.b.c.d`, each 0...255 without a leading zero; `nil` for anything else.
    static func ipv4(_ text: Substring) -> (UInt8, UInt8, UInt8, UInt8)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                part.utf8.count == 1 || part.utf8.first != 48, let value = UInt8(part)
            else { return nil }
            octets.append(value)
        }
        return (octets[0], octets[1], octets[2], octets[3])
    }

    /// The 16 bytes of an IPv6 literal (RFC 4291 text forms, `::` compression, a trailing dotted IPv4); `nil` for
    /// anything else, zone identifiers included.
    static func ipv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":"), text.utf8.count <= 45 else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ half: String, allowIPv4Tail: Bool) -> [UInt8]? {
            guard !half.isEmpty else { return [] }
            let pieces = half.split(separator: ":", omittingEmptySubsequences: false)
            var bytes: [UInt8] = []
            for (index, piece) in pieces.enumerated() {
                if allowIPv4Tail, index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = ipv4(piece) else { return nil }
                    bytes += [v4.0, v4.1, v4.2, v4.3]
                    continue
                }
                guard (1...4).contains(piece.utf8.count), let value = UInt16(piece, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xff)]
            }
            return bytes
        }
        if halves.count == 1 {
            guard let bytes = groups(halves[0], allowIPv4Tail: true), bytes.count == 16 else { return nil }
            return bytes
        }
        guard let head = groups(halves[0], allowIPv4Tail: false), let tail = groups(halves[1], allowIPv4Tail: true),
            head.count + tail.count <= 14
        else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}
