import ScopedAuth

/// The MASV client module (work in progress: this placeholder keeps the target buildable).
public enum ScopedAuthMASVModule {
    /// The service's name as used in errors and events.
    public static let serviceName = "MASV"
}
