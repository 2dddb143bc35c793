import ScopedAuth

/// The Spacelift client module (work in progress: this placeholder keeps the target buildable).
public enum ScopedAuthSpaceliftModule {
    /// The service's name as used in errors and events.
    public static let serviceName = "Spacelift"
}
