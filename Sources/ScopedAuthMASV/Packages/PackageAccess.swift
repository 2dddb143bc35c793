/// The kind of package token a ``PackageHandle`` holds; its marker protocols decide which operations exist.
///
/// MASV issues three package tokens (SERVICES.md section 7), and each is a type here:
///
/// | Marker | Token | Can |
/// |---|---|---|
/// | ``ManagementAccess`` | team package create or get (`lvl:"f"`) | upload, finalize, details, files, links, expiry, delete, transfers |
/// | ``UploadOnlyAccess`` | portal package create (`lvl:"u"`) | upload, finalize |
/// | ``DownloadAccess`` | link credentials (`lvl:"d"`) | details, files, download, transfer with single-use credentials |
///
/// Operations live in extensions constrained on ``PackageUploadAccess``, ``PackageReadAccess``,
/// ``PackageDownloadAccess`` and ``PackageManagementAccess``, so a call the token cannot make does not compile.
public protocol PackageAccess: Sendable {}

/// Tokens that may add files, upload them and finalize the package: management and upload-only.
public protocol PackageUploadAccess: PackageAccess {}

/// Tokens that may read package details and list files: management and download.
public protocol PackageReadAccess: PackageAccess {}

/// Tokens that may fetch download URLs and download files: download only.
public protocol PackageDownloadAccess: PackageReadAccess {}

/// Tokens that may create links, edit the expiry, delete the package and run transfers: management only.
public protocol PackageManagementAccess: PackageUploadAccess, PackageReadAccess {}

/// The management token of a team package (`lvl:"f"`), from ``MASVPackages/create(team:name:description:recipients:)``
/// or ``MASVPackages/get(_:team:)``.
public enum ManagementAccess: PackageManagementAccess {}

/// The write-limited token of a portal package (`lvl:"u"`), from
/// ``MASVPortals/createPackage(portal:name:sender:description:)``: it uploads and finalizes, nothing else.
public enum UploadOnlyAccess: PackageUploadAccess {}

/// The read-limited token from link credentials (`lvl:"d"`), from ``MASVLinks/open(id:secret:password:)``.
public enum DownloadAccess: PackageDownloadAccess {}
