/// A file in a MASV package.
///
/// ```swift
/// for file in try await handle.files() where file.state == "finalized" {
///     try await handle.download(file: file, to: folder.appending(path: file.name))
/// }
/// ```
public struct MASVFile: Sendable, Hashable, Identifiable {
    /// The file's id (a ULID).
    public var id: String
    /// The file's name.
    public var name: String
    /// The folder path it was uploaded under, relative to the package (empty at the top).
    public var path: String
    /// `file`, or a zip kind for MASV's generated archives.
    public var kind: String
    /// Its size in bytes once finalized.
    public var size: Int64
    /// `new` while uploading, `finalized` afterwards.
    public var state: String

    init(_ wire: MASVWire.File) {
        id = wire.id
        name = wire.name
        path = wire.path ?? ""
        kind = wire.kind ?? "file"
        size = wire.size ?? 0
        state = wire.state ?? "finalized"
    }
}
