import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns Ctrl-C (SIGINT) into a call of `onInterrupt` with how many interrupts arrived so far, instead of the
/// default of killing the process, for as long as it is alive; ``stop()`` restores the default.
///
/// The signal is ignored at the process level and delivered through a `DispatchSource`, so the handler runs on a
/// queue like any other code (it may cancel tasks and write to standard error), not in a signal context.
final class Interruption: Sendable {
    // Safety: `DispatchSourceSignal` is not annotated `Sendable`, but a dispatch source is thread-safe (its
    // `cancel()` may be called from any thread), and this reference is only read after `init`.
    private nonisolated(unsafe) let source: any DispatchSourceSignal
    private let count = Mutex(0)

    init(onInterrupt: @escaping @Sendable (_ count: Int) -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "scopedauth.sigint"))
        source.setEventHandler { [self] in
            let n = count.withLock { value in
                value += 1
                return value
            }
            onInterrupt(n)
        }
        source.resume()
    }

    /// How many interrupts arrived.
    var interrupts: Int { count.withLock { $0 } }

    /// Stops listening and restores the default action of SIGINT.
    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    /// The exit status of a process stopped by SIGINT, as shells report it (128 + 2).
    static let exitStatus: Int32 = 130
}
