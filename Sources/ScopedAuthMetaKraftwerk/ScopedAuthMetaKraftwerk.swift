import ScopedAuth

/// The MetaKraftwerk client module (work in progress: this placeholder keeps the target buildable).
public enum ScopedAuthMetaKraftwerkModule {
    /// The service's name as used in errors and events.
    public static let serviceName = "MetaKraftwerk"
}
