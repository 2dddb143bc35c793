/// The value of a capability that a typed handle has: an operation gated on it exists.
///
/// Service modules carry capabilities as associated types of their access kinds, roles and credentials, and put
/// each operation in an extension constrained to `Granted`, such as
/// `extension PackageHandle where Access.Manages == Granted`. A type conforms to a protocol once, in one module,
/// so what a shipped type grants is fixed where it is declared: no other module can make it say otherwise.
/// `Granted` has no cases and no values; it exists only as a type.
///
/// ```swift
/// enum NightlyRunner: ProjectRole {
///     typealias ReadsBuilds = Granted
///     typealias WritesBuilds = Granted
/// }
/// ```
public enum Granted {}

/// The value of a capability that a typed handle lacks: an operation gated on ``Granted`` does not exist.
///
/// Like ``Granted`` it has no values. The compiler names it when it refuses a call, for example
/// "requires the types 'DownloadAccess.Manages' (aka 'Denied') and 'Granted' be equivalent".
///
/// ```swift
/// enum Auditor: ProjectRole {
///     typealias ReadsBuilds = Granted
///     typealias WritesBuilds = Denied   // the default; written out for the reader
/// }
/// ```
public enum Denied {}
