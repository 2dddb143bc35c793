/// Code that runs around every credential exchange a ``TokenSession`` starts on behalf of the current task.
///
/// The session runs its exchange in a task of its own, which inherits the task-local values of the caller that
/// started it. Binding ``current`` around an operation therefore lets an observer (a tracing span, for one) see
/// the exchange that this operation caused, with the session's ``SessionLabel``, and nothing else: an observer
/// receives no token and no credential, only the exchange to run.
///
/// ```swift
/// let observer = ExchangeObserver { label, exchange in
///     try await withSpan("exchange \(label.service)") { _ in try await exchange() }
/// }
/// try await ExchangeObserver.$current.withValue(observer) {
///     _ = try await client.account.workspaces()
/// }
/// ```
public struct ExchangeObserver: Sendable {
    /// Runs the exchange; it must call it exactly once and return (or throw) what it does.
    public typealias Exchange = @Sendable () async throws -> IssuedToken

    /// The observer bound to the current task, if any.
    @TaskLocal public static var current: ExchangeObserver?

    private let around: @Sendable (SessionLabel, Exchange) async throws -> IssuedToken

    /// Creates an observer.
    ///
    /// - Parameter around: Called with the session's label and the exchange; calls the exchange once and returns
    ///   its result.
    public init(around: @escaping @Sendable (SessionLabel, Exchange) async throws -> IssuedToken) {
        self.around = around
    }

    /// `exchange`, run through the observer bound to the current task when there is one.
    static func observing(_ exchange: any CredentialExchange, label: SessionLabel) -> any CredentialExchange {
        guard let current else { return exchange }
        return ObservedExchange(base: exchange, label: label, observer: current)
    }

    private struct ObservedExchange: CredentialExchange {
        let base: any CredentialExchange
        let label: SessionLabel
        let observer: ExchangeObserver

        func exchange() async throws -> IssuedToken {
            try await observer.around(label) { [base] in try await base.exchange() }
        }

        func authorize(_ request: inout HTTPRequest, with token: AccessToken) {
            base.authorize(&request, with: token)
        }

        func isTokenRejected(_ response: HTTPResponse) -> Bool {
            base.isTokenRejected(response)
        }
    }
}
