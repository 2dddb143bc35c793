import ScopedAuth

/// The states of one build until it ends, polled on the client's clock.
///
/// Returned by ``ProjectHandle/watch(_:every:)``. It yields the build it started from, then each change of
/// status, progress or message, and finishes after the final state. Each iteration polls on its own.
///
/// ```swift
/// for try await update in project.watch(build) {
///     progressBar.value = update.progress
/// }
/// ```
public struct BuildStatusUpdates: AsyncSequence, Sendable {
    /// Each element is the build as the server reported it.
    public typealias Element = ProjectBuild

    let initial: ProjectBuild
    let interval: Duration
    let clock: any AuthClock
    let fetch: @Sendable () async throws -> ProjectBuild

    /// Creates the iterator that polls.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pending: initial, interval: interval, clock: clock, fetch: fetch)
    }

    /// Polls the build: sleeps `interval` on the clock, fetches, and yields when something changed.
    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        var pending: ProjectBuild?
        let interval: Duration
        let clock: any AuthClock
        let fetch: @Sendable () async throws -> ProjectBuild
        var last: ProjectBuild?
        var ended = false

        /// The next state of the build, or `nil` once it has ended.
        ///
        /// - Returns: The build's next reported state.
        /// - Throws: The error of a failed poll (after which the sequence is over), or `CancellationError`.
        public mutating func next() async throws -> ProjectBuild? {
            guard !ended else { return nil }
            if let pending {
                self.pending = nil
                return yield(pending)
            }
            do {
                while true {
                    try await clock.sleep(for: interval)
                    let build = try await fetch()
                    if let last, Self.sameState(last, build) { continue }
                    return yield(build)
                }
            } catch {
                ended = true
                throw error
            }
        }

        private mutating func yield(_ build: ProjectBuild) -> ProjectBuild {
            last = build
            ended = build.status.hasEnded
            return build
        }

        private static func sameState(_ lhs: ProjectBuild, _ rhs: ProjectBuild) -> Bool {
            lhs.status == rhs.status && lhs.progress == rhs.progress && lhs.message == rhs.message
        }
    }
}
