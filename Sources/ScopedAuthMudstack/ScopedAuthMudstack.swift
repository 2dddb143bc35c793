import ScopedAuth

/// The Mudstack client module (work in progress: this placeholder keeps the target buildable).
public enum ScopedAuthMudstackModule {
    /// The service's name as used in errors and events.
    public static let serviceName = "Mudstack"
}
