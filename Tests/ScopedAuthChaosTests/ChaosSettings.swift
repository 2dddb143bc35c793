import Foundation

/// The size and seed of a chaos run, from the environment so that a failure can be replayed.
///
/// - `SCOPEDAUTH_CHAOS_SEED`: the seed (decimal or `0x` hexadecimal); a fresh random seed when unset.
/// - `SCOPEDAUTH_CHAOS_OPERATIONS`: operations per run; ``ciOperations`` when unset.
/// - `SCOPEDAUTH_CHAOS_RUNS`: runs, each with its own seed (the first is the given seed); 1 when unset.
struct ChaosSettings: Sendable {
    /// Small enough that the whole target runs in well under two minutes on a loaded CI machine.
    static let ciOperations = 5_000

    var seed: UInt64
    var operations: Int
    var runs: Int

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ChaosSettings {
        var generator = SystemRandomNumberGenerator()
        let seed = environment["SCOPEDAUTH_CHAOS_SEED"].flatMap(parseSeed) ?? generator.next()
        let operations = environment["SCOPEDAUTH_CHAOS_OPERATIONS"].flatMap { Int($0) }.map { max(1, $0) }
        let runs = environment["SCOPEDAUTH_CHAOS_RUNS"].flatMap { Int($0) }.map { max(1, $0) }
        return ChaosSettings(seed: seed, operations: operations ?? ciOperations, runs: runs ?? 1)
    }

    static func parseSeed(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("0x") { return UInt64(trimmed.dropFirst(2), radix: 16) }
        return UInt64(trimmed)
    }
}

/// SplitMix64: a tiny, well-mixed generator whose whole state is the seed, so a run replays from it.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `true` with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    /// A random element of a non-empty array.
    mutating func pick<T>(_ elements: [T]) -> T { elements[Int.random(in: 0..<elements.count, using: &self)] }
}
