#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#else
#error("LockedValue needs pthread mutexes: no Darwin, Glibc or Musl module found.")
#endif

/// A value shared between threads, read and written only while holding a `pthread_mutex_t`.
///
/// It replaces `Synchronization.Mutex` in this package because ThreadSanitizer cannot see `Mutex` on Linux: its
/// contended path waits in the uninstrumented standard library, so the sanitizer misses the lock hand-over and
/// reports the accesses it orders as races. ThreadSanitizer intercepts the pthread mutex functions, so a report
/// about a value behind a `LockedValue` is a real one.
///
/// The value and the mutex share one allocation, made once at creation; ``withLock(_:)`` allocates nothing.
/// Copies of a `LockedValue` share the same value and lock.
///
/// ```swift
/// let count = LockedValue(0)
/// let now = count.withLock { value -> Int in
///     value += 1
///     return value
/// }
/// ```
package struct LockedValue<Value> {
    private let storage: LockedValueStorage<Value>

    /// Creates the lock and puts `value` behind it.
    package init(_ value: Value) {
        storage = LockedValueStorage.make(value)
    }

    /// Runs `body` with exclusive access to the value and returns what it returns.
    ///
    /// Other threads calling `withLock` wait until `body` returns. `body` must not call `withLock` on the same
    /// value again: the mutex is not recursive.
    ///
    /// - Parameter body: Reads or changes the value; runs while the lock is held.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws; the lock is released either way.
    package func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try storage.withUnsafeMutablePointers { (value, mutex) throws(Failure) -> Result in
            LockedValueStorage<Value>.lock(mutex)
            defer { LockedValueStorage<Value>.unlock(mutex) }
            return try body(&value.pointee)
        }
    }
}

// The value is reached only through `withLock`, which holds the mutex for the whole access, so moving a
// `LockedValue` to another thread can share no unguarded state; requiring a `Sendable` value keeps whatever
// `withLock` hands out safe to keep after the lock is released.
extension LockedValue: @unchecked Sendable where Value: Sendable {}

// Reflection (`dump`, `String(describing:)`) would read the value without taking the lock, a race, and would show
// what the value holds, which may be a secret; so a `LockedValue` reflects as having no children.
extension LockedValue: CustomReflectable {
    /// A mirror with no children: the guarded value is reached only through ``withLock(_:)``.
    package var customMirror: Mirror {
        Mirror(self, children: [], displayStyle: .struct)
    }
}

/// The one allocation behind a ``LockedValue``: the value as the header, the mutex as the single element, so
/// that the mutex has a stable address for its whole life.
final class LockedValueStorage<Value>: ManagedBuffer<Value, pthread_mutex_t> {
    static func make(_ value: Value) -> LockedValueStorage {
        let buffer = create(minimumCapacity: 1) { _ in value }
        let storage = unsafeDowncast(buffer, to: LockedValueStorage.self)
        storage.withUnsafeMutablePointerToElements { mutex in
            mutex.initialize(to: pthread_mutex_t())
            let error = pthread_mutex_init(mutex, nil)
            precondition(error == 0, "pthread_mutex_init failed with error \(error)")
        }
        return storage
    }

    deinit {
        withUnsafeMutablePointerToElements { mutex in
            let error = pthread_mutex_destroy(mutex)
            precondition(error == 0, "pthread_mutex_destroy failed with error \(error)")
            mutex.deinitialize(count: 1)
        }
    }

    static func lock(_ mutex: UnsafeMutablePointer<pthread_mutex_t>) {
        let error = pthread_mutex_lock(mutex)
        precondition(error == 0, "pthread_mutex_lock failed with error \(error)")
    }

    static func unlock(_ mutex: UnsafeMutablePointer<pthread_mutex_t>) {
        let error = pthread_mutex_unlock(mutex)
        precondition(error == 0, "pthread_mutex_unlock failed with error \(error)")
    }
}
