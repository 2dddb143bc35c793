public import ScopedAuth

/// An `HTTPTransport` that answers every request from an in-process ``Emulator``.
///
/// Give it to an SDK client instead of `URLSessionTransport` to test against the emulated services; requests
/// never leave the process.
///
/// ```swift
/// let emulator = Emulator()
/// let response = try await emulator.transport.send(request)
/// ```
public struct EmulatorTransport: HTTPTransport {
    /// The emulator that answers.
    public let emulator: Emulator

    /// Creates a transport answering from `emulator`.
    public init(_ emulator: Emulator) {
        self.emulator = emulator
    }

    /// Sends `request` to the emulated service at its origin.
    ///
    /// - Throws: ``EmulatorTransportError`` for an unknown origin or an injected dropped connection, and
    ///   `CancellationError` when cancelled during injected latency.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await emulator.handle(request)
    }
}

extension Emulator {
    /// A transport answering from this emulator.
    public var transport: EmulatorTransport { EmulatorTransport(self) }
}
