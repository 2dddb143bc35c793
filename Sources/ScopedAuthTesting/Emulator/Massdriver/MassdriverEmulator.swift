package import ScopedAuth

/// Placeholder replaced in the next step.
public final class MassdriverEmulator: EmulatedService, Sendable {
    package let id = EmulatedServiceID.massdriver
    private let environment: EmulatorEnvironment
    package init(environment: EmulatorEnvironment) { self.environment = environment }
    package func respond(to request: EmulatorRequest, context: EmulatorContext) -> HTTPResponse {
        errorResponse(status: 404, message: "not found")
    }
}
