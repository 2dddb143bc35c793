public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// The current monotonic instant as a cheap reading that may lag ``now`` by up to a few milliseconds but is
    /// never ahead of it.
    ///
    /// ``TokenSession`` reads it on its hot path, where a token's margins are seconds wide and the cost of a
    /// precise reading would dominate. The default implementation returns ``now``.
    var approximateNow: AuthInstant { get }

    /// The current wall-clock time, used only to read expiry claims.
    var wallClockNow: Date { get }

    /// Suspends until `deadline` is reached on this clock.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled before the deadline.
    func sleep(until deadline: AuthInstant) async throws
}

extension AuthClock {
    /// Returns ``now``: clocks without a cheaper reading are exact.
    public var approximateNow: AuthInstant { now }

    /// Suspends for `duration` on this clock.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled first.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now.advanced(by: duration))
    }
}

/// The production clock: the system's monotonic clock for instants and sleeps, the system wall clock for claims.
///
/// Instants are nanoseconds of `CLOCK_MONOTONIC` (on Apple platforms `CLOCK_MONOTONIC_RAW`), read with
/// `clock_gettime` and plain integer arithmetic; ``approximateNow`` reads the coarse variant of the same clock, which
/// costs a fraction of a precise reading and trails it by at most one scheduler tick.
public struct SystemAuthClock: AuthClock {
    /// Creates a system clock.
    public init() {}

    /// The current monotonic instant.
    public var now: AuthInstant { AuthInstant(nanosecondsSinceOrigin: Self.read(precise: true)) }

    /// The current monotonic instant from the coarse clock: at most one tick behind ``now``, never ahead.
    public var approximateNow: AuthInstant { AuthInstant(nanosecondsSinceOrigin: Self.read(precise: false)) }

    /// The current wall-clock time.
    public var wallClockNow: Date { Date() }

    /// Sleeps until `deadline`.
    public func sleep(until deadline: AuthInstant) async throws {
        let delay = deadline - now
        if delay > .zero {
            try await Task.sleep(for: delay)
        } else {
            try Task.checkCancellation()
        }
    }

    private static func read(precise: Bool) -> Int64 {
        #if canImport(Darwin)
        let nanoseconds = clock_gettime_nsec_np(precise ? CLOCK_MONOTONIC_RAW : CLOCK_MONOTONIC_RAW_APPROX)
        return Int64(truncatingIfNeeded: nanoseconds)
        #else
        var time = timespec()
        clock_gettime(precise ? CLOCK_MONOTONIC : CLOCK_MONOTONIC_COARSE, &time)
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
        #endif
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
