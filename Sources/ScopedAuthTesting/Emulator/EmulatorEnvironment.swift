package import Foundation
package import ScopedAuth

/// What every emulated service shares with the ``Emulator`` that hosts it: the clock (with the injected server
/// skew), the token mint, the counters and the origins.
///
/// A service keeps a reference to the environment, not to the emulator, so seeding calls made between requests
/// (adding a key, issuing a token) see the same server time and randomness as requests do, without a reference
/// cycle between the emulator and its services.
package final class EmulatorEnvironment: Sendable {
    /// The clock the emulator sleeps on and reads wall time from.
    package let clock: any AuthClock
    /// Mints tokens, identifiers and secrets from the emulator's seed.
    package let mint: TokenMint
    /// The counters tests assert on.
    package let counters: EmulatorCounters
    /// Where each service lives.
    package let origins: EmulatorOrigins
    private let serverClockSkew = LockedValue(Duration.zero)

    package init(clock: any AuthClock, mint: TokenMint, counters: EmulatorCounters, origins: EmulatorOrigins) {
        self.clock = clock
        self.mint = mint
        self.counters = counters
        self.origins = origins
    }

    /// The services' wall clock: the emulator clock's wall time plus the injected skew.
    package var serverNow: Date {
        clock.wallClockNow.addingTimeInterval(serverClockSkew.withLock { $0 }.timeInterval)
    }

    /// Moves the services' wall clock by `offset` relative to the emulator clock (cumulative).
    package func skewServerClock(by offset: Duration) {
        serverClockSkew.withLock { $0 += offset }
    }

    /// The context handed to a service for one request.
    package func context() -> EmulatorContext {
        EmulatorContext(now: serverNow, mint: mint, counters: counters, origins: origins)
    }
}
