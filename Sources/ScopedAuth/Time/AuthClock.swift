public import Foundation

/// A point on a monotonic timeline, used for every deadline and sleep in ScopedAuth.
///
/// Instants never go backwards and are unaffected by changes to the wall clock. They are only comparable
/// with instants from the same ``AuthClock``.
public struct AuthInstant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the clock's arbitrary origin.
    public var nanosecondsSinceOrigin: Int64

    /// Creates an instant from nanoseconds since the clock's origin.
    public init(nanosecondsSinceOrigin: Int64) {
        self.nanosecondsSinceOrigin = nanosecondsSinceOrigin
    }

    /// The instant `duration` after this one (saturating at the representable range).
    public func advanced(by duration: Duration) -> AuthInstant {
        let (sum, overflow) = nanosecondsSinceOrigin.addingReportingOverflow(duration.nanoseconds)
        if overflow { return AuthInstant(nanosecondsSinceOrigin: duration > .zero ? .max : .min) }
        return AuthInstant(nanosecondsSinceOrigin: sum)
    }

    /// The duration from this instant to `other` (negative when `other` is earlier).
    public func duration(to other: AuthInstant) -> Duration {
        let (difference, overflow) = other.nanosecondsSinceOrigin.subtractingReportingOverflow(nanosecondsSinceOrigin)
        if overflow { return other > self ? .nanoseconds(Int64.max) : .nanoseconds(Int64.min) }
        return .nanoseconds(difference)
    }

    /// Adds a duration to an instant.
    public static func + (lhs: AuthInstant, rhs: Duration) -> AuthInstant { lhs.advanced(by: rhs) }

    /// Subtracts a duration from an instant.
    public static func - (lhs: AuthInstant, rhs: Duration) -> AuthInstant { lhs.advanced(by: .zero - rhs) }

    /// The duration between two instants.
    public static func - (lhs: AuthInstant, rhs: AuthInstant) -> Duration { rhs.duration(to: lhs) }

    /// Orders instants on the timeline.
    public static func < (lhs: AuthInstant, rhs: AuthInstant) -> Bool {
        lhs.nanosecondsSinceOrigin < rhs.nanosecondsSinceOrigin
    }

    /// A readable rendering in seconds since the clock's origin.
    public var description: String {
        "AuthInstant(\(Double(nanosecondsSinceOrigin) / 1e9)s)"
    }
}

/// The one seam through which ScopedAuth reads time and sleeps.
///
/// Deadlines, backoff and timeouts use the monotonic ``now``; the wall clock (``wallClockNow``) is read only to
/// interpret expiry times that a server states in wall-clock terms (`exp`, `validUntil`, `expiresAt`).
/// Production code uses ``SystemAuthClock``; tests use `ManualClock` from ScopedAuthTesting, which advances
/// virtual time and wakes sleepers deterministically.
///
/// ```swift
/// let clock: any AuthClock = SystemAuthClock()
/// let deadline = clock.now + .seconds(5)
/// try await clock.sleep(until: deadline)
/// ```
public protocol AuthClock: Sendable {
    /// The current monotonic instant.
    var now: AuthInstant { get }

    /// The current wall-clock time, used only to read expiry claims.
    var wallClockNow: Date { get }

    /// Suspends until `deadline` is reached on this clock.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled before the deadline.
    func sleep(until deadline: AuthInstant) async throws
}

extension AuthClock {
    /// Suspends for `duration` on this clock.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now.advanced(by: duration))
    }
}

/// The production clock: `ContinuousClock` for instants and sleeps, the system wall clock for claims.
public struct SystemAuthClock: AuthClock {
    /// One origin per process, so instants from any two system clocks compare meaningfully.
    private static let origin = ContinuousClock.now
    private var origin: ContinuousClock.Instant { Self.origin }

    /// Creates a system clock.
    public init() {}

    /// The current monotonic instant.
    public var now: AuthInstant {
        AuthInstant(nanosecondsSinceOrigin: (ContinuousClock.now - origin).nanoseconds)
    }

    /// The current wall-clock time.
    public var wallClockNow: Date { Date() }

    /// Sleeps on `ContinuousClock` until `deadline`.
    public func sleep(until deadline: AuthInstant) async throws {
        let target = origin.advanced(by: .nanoseconds(deadline.nanosecondsSinceOrigin))
        try await Task.sleep(until: target, clock: .continuous)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64` bounds.
    package var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (secondsPart, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds > 0 ? .max : .min }
        let (total, overflow2) = secondsPart.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds > 0 ? .max : .min }
        return total
    }

    /// The duration in fractional seconds.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// A duration from fractional seconds, clamped to a representable range.
    package static func clampedSeconds(_ value: Double) -> Duration {
        guard value.isFinite else { return value > 0 ? .seconds(Int64.max / 2_000_000_000) : .zero }
        let clamped = max(min(value, 9.0e9), -9.0e9)
        return .nanoseconds(Int64(clamped * 1e9))
    }
}
