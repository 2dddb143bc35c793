/// One kind of misbehaviour that ``EmulatorFaults`` can inject into an emulated service's answers.
///
/// ```swift
/// emulator.faults.inject(.status(503), on: .spacelift, path: "/graphql", times: 2)
/// emulator.faults.inject(.rateLimited(retryAfter: 2), on: .massdriver)
/// emulator.faults.inject(.latency(.milliseconds(20)), on: .spacelift)
/// ```
///
/// How each fault shows:
/// - ``latency(_:)``: the answer is delayed by sleeping on the emulator's clock (so with a `ManualClock` the
///   call finishes only when the test advances the clock). Latencies of several matching faults add up.
/// - ``status(_:)``: the service is not asked; the answer is that status with a body in the service's own
///   error shape.
/// - ``rateLimited(retryAfter:)``: like ``status(_:)`` with 429, plus `Retry-After: <seconds>`.
/// - ``dropConnection``: the service *does* process the request (tokens are minted, runs triggered, counters
///   move), then the connection drops and the transport throws ``EmulatorTransportError/connectionDropped``.
///   This is the harder case for a client: the server changed state but the client never learns the outcome.
/// - ``truncateBody``: the real answer's body is cut to its first half (status and headers unchanged).
/// - ``malformedBody``: the real answer's body is replaced by bytes that are not JSON.
public struct EmulatorFault: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
        case latency(Duration)
        case status(Int)
        case rateLimited(retryAfterSeconds: Int)
        case dropConnection
        case truncateBody
        case malformedBody
    }

    package let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// Delays the answer by `duration` on the emulator's clock.
    public static func latency(_ duration: Duration) -> EmulatorFault { EmulatorFault(.latency(duration)) }

    /// Answers `status` with a body in the service's error shape, without asking the service.
    public static func status(_ status: Int) -> EmulatorFault { EmulatorFault(.status(status)) }

    /// Answers 429 with `Retry-After: seconds` and a body in the service's error shape.
    public static func rateLimited(retryAfter seconds: Int) -> EmulatorFault {
        EmulatorFault(.rateLimited(retryAfterSeconds: max(0, seconds)))
    }

    /// Processes the request, then drops the connection before the answer arrives.
    public static let dropConnection = EmulatorFault(.dropConnection)

    /// Cuts the real answer's body to its first half.
    public static let truncateBody = EmulatorFault(.truncateBody)

    /// Replaces the real answer's body with bytes that are not JSON.
    public static let malformedBody = EmulatorFault(.malformedBody)

    /// A readable name of the fault.
    public var description: String {
        switch kind {
        case .latency(let duration): "latency(\(duration))"
        case .status(let status): "status(\(status))"
        case .rateLimited(let seconds): "rateLimited(retryAfter: \(seconds))"
        case .dropConnection: "dropConnection"
        case .truncateBody: "truncateBody"
        case .malformedBody: "malformedBody"
        }
    }
}
