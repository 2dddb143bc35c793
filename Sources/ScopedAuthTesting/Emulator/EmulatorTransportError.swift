/// The error ``EmulatorTransport`` throws when no response arrives, as a network stack would.
///
/// ```swift
/// emulator.faults.inject(.dropConnection, on: .spacelift)
/// await #expect(throws: EmulatorTransportError.connectionDropped) {
///     try await emulator.transport.send(request)
/// }
/// ```
public struct EmulatorTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case unknownHost(String)
        case connectionDropped
    }

    private let kind: Kind

    /// No emulated service lives at the request's origin (scheme, host and port), like a DNS failure or a
    /// refused connection.
    public static func unknownHost(_ origin: String) -> EmulatorTransportError {
        EmulatorTransportError(kind: .unknownHost(origin))
    }

    /// The connection dropped before the response arrived (an injected ``EmulatorFault/dropConnection``).
    public static let connectionDropped = EmulatorTransportError(kind: .connectionDropped)

    /// Whether this is an unknown-host error, whatever the host.
    public var isUnknownHost: Bool {
        if case .unknownHost = kind { return true }
        return false
    }

    /// A readable explanation.
    public var description: String {
        switch kind {
        case .unknownHost(let origin): "EmulatorTransportError: no emulated service at \(origin)"
        case .connectionDropped: "EmulatorTransportError: connection dropped"
        }
    }
}
