public import ScopedAuth

/// The kind of package token a ``PackageHandle`` holds; its associated types decide which operations exist.
///
/// MASV issues three package tokens (SERVICES.md section 7), and each is a type here:
///
/// | Access kind | Token | ``Uploads`` | ``Reads`` | ``Downloads`` | ``Manages`` |
/// |---|---|---|---|---|---|
/// | ``ManagementAccess`` | team package create or get (`lvl:"f"`) | `Granted` | `Granted` | `Denied` | `Granted` |
/// | ``UploadOnlyAccess`` | portal package create (`lvl:"u"`) | `Granted` | `Denied` | `Denied` | `Denied` |
/// | ``DownloadAccess`` | link credentials (`lvl:"d"`) | `Denied` | `Granted` | `Granted` | `Denied` |
///
/// Each operation lives in an extension constrained to one capability being `Granted`, such as
/// `extension PackageHandle where Access.Manages == Granted`, so a call the token cannot make does not compile:
/// `download.delete()` fails with "requires the types 'DownloadAccess.Manages' (aka 'Denied') and 'Granted' be
/// equivalent". A download token may also start a transfer with single-use credentials, an operation that exists
/// for exactly `PackageHandle<DownloadAccess>`.
///
/// The capabilities are closed facts: a type conforms to `PackageAccess` once, where it is declared, so no other
/// module can change what ``DownloadAccess`` grants. Another module may declare its own conforming type, but it
/// can never hold a handle: ScopedAuth creates handles only for the three kinds above, each from the call that
/// returns that token.
public protocol PackageAccess: Sendable {
    /// Whether the token adds files, uploads them and finalizes the package (`Granted` or `Denied`).
    associatedtype Uploads
    /// Whether the token reads the package's details and lists its files (`Granted` or `Denied`).
    associatedtype Reads
    /// Whether the token fetches download URLs and downloads files (`Granted` or `Denied`).
    associatedtype Downloads
    /// Whether the token creates links, edits the expiry, deletes the package and runs transfers through the
    /// team's cloud connections (`Granted` or `Denied`).
    associatedtype Manages
}

/// The management token of a team package (`lvl:"f"`), from ``MASVPackages/create(team:name:description:recipients:)``
/// or ``MASVPackages/get(_:team:)``: uploads, reads and manages; does not download.
public enum ManagementAccess: PackageAccess {
    /// Granted: management tokens upload and finalize.
    public typealias Uploads = Granted
    /// Granted: management tokens read details and files.
    public typealias Reads = Granted
    /// Denied: download URLs are for link (download) tokens only.
    public typealias Downloads = Denied
    /// Granted: links, expiry, deletion and transfers.
    public typealias Manages = Granted
}

/// The write-limited token of a portal package (`lvl:"u"`), from
/// ``MASVPortals/createPackage(portal:name:sender:description:)``: it uploads and finalizes, nothing else.
public enum UploadOnlyAccess: PackageAccess {
    /// Granted: a portal token uploads and finalizes.
    public typealias Uploads = Granted
    /// Denied: a portal token cannot read the package back.
    public typealias Reads = Denied
    /// Denied: a portal token cannot download.
    public typealias Downloads = Denied
    /// Denied: a portal token cannot manage the package.
    public typealias Manages = Denied
}

/// The read-limited token from link credentials (`lvl:"d"`), from ``MASVLinks/open(id:secret:password:)``: it
/// reads and downloads, and starts transfers only with single-use credentials.
public enum DownloadAccess: PackageAccess {
    /// Denied: a link token cannot add files.
    public typealias Uploads = Denied
    /// Granted: a link token reads details and files.
    public typealias Reads = Granted
    /// Granted: a link token fetches download URLs.
    public typealias Downloads = Granted
    /// Denied: a link token cannot manage the package or use the team's cloud connections.
    public typealias Manages = Denied
}
