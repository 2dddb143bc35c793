/// One version of an asset: its file, size and checksum, and who committed it.
public struct MudstackAssetVersion: Decodable, Sendable, Hashable {
    /// The version's id.
    public var id: String
    /// The asset the version belongs to.
    public var assetID: String?
    /// The version this one was committed on top of, if any.
    public var commitParentID: String?
    /// The id of the user who committed the version.
    public var createdByUserID: String?
    /// The file id of the version's thumbnail, if it has one.
    public var thumbnailFileID: String?
    /// The version's name.
    public var name: String?
    /// The commit message.
    public var description: String?
    /// The storage key of the version's file.
    public var key: String?
    /// The file's size in bytes.
    public var size: Int?
    /// The version's number, counting from 1.
    public var versionNumber: Int?
    /// Mudstack's ordering number.
    public var sequence: Int?
    /// The file's checksum, such as `sha256:…`.
    public var checksum: String?
    /// The user who committed the version.
    public var user: MudstackUser?

    private enum CodingKeys: String, CodingKey {
        case id, name, description, key, size, sequence, checksum, user
        case assetID = "asset_id"
        case commitParentID = "commit_parent_id"
        case createdByUserID = "created_by_user_id"
        case thumbnailFileID = "thumbnail_file_id"
        case versionNumber = "version_number"
    }
}
