import ScopedAuth

/// The Massdriver client module (work in progress: this placeholder keeps the target buildable).
public enum ScopedAuthMassdriverModule {
    /// The service's name as used in errors and events.
    public static let serviceName = "Massdriver"
}
