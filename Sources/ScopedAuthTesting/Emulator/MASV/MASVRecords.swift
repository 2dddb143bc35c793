import Foundation

// The rows of the emulated MASV account: one plain value type per kind of record MASV documents.

struct MASVTeam: Sendable {
    var id: String
    var name: String
    var subdomain: String
}

struct MASVUser: Sendable {
    var id: String
    var email: String
    var password: String
    var name: String
    var teamIDs: [String]
}

struct MASVAPIKey: Sendable {
    enum Status: String, Sendable { case active, inactive }
    var id: String
    var name: String
    var key: String
    var userID: String
    var teamID: String
    var expiry: Date?
    var status: Status
    var createdAt: Date
}

struct MASVPortal: Sendable {
    var id: String
    var name: String
    var subdomain: String
    var teamID: String
}

struct MASVCloudConnection: Sendable {
    var id: String
    var name: String
    var provider: String
    var teamID: String
    var createdAt: Date
}

struct MASVPackage: Sendable {
    enum Status: String, Sendable { case new, finalized }
    var id: String
    var teamID: String
    var portalID: String?
    var name: String
    var description: String
    var sender: String
    var recipients: [String]
    var status: Status
    var createdAt: Date
    var updatedAt: Date
    /// The end of storage; `nil` for unlimited storage.
    var expiry: Date?
    var fileIDs: [String]
    var linkIDs: [String]
    var transferIDs: [String]
}

struct MASVFile: Sendable {
    var id: String
    var packageID: String
    var kind: String
    var name: String
    var path: String
    var lastModified: String?
    var createdAt: Date
    /// Set by finalize: the assembled bytes.
    var contents: Data?
    /// Chunk PUTs the storage origin accepted for this file, retries included.
    var chunkPutCount: Int
    var isFinalized: Bool { contents != nil }
}

/// An S3-style multipart upload created through a file's create blueprint.
struct MASVMultipartUpload: Sendable {
    struct Part: Sendable {
        var data: Data
        var etag: String
    }
    var id: String
    var packageID: String
    var fileID: String
    var parts: [Int: Part]
}

struct MASVLink: Sendable {
    var id: String
    var packageID: String
    var secret: String
    var password: String?
    var email: String?
    var createdAt: Date
}

struct MASVTransfer: Sendable {
    var id: String
    var packageID: String
    var cloudConnectionID: String?
    var provider: String
    var direction: String
    var usesSingleUseCredentials: Bool
    var state: MASVTransferState
    var retries: Int
    var createdAt: Date
    var updatedAt: Date
}

/// The level of a package token (`lvl` claim), SERVICES.md section 7.
enum MASVPackageLevel: String, Sendable {
    /// Management: team package create or get.
    case full = "f"
    /// Upload-only: portal package create.
    case upload = "u"
    /// Download/read: link credentials.
    case download = "d"

    var description: String {
        switch self {
        case .full: "a management (f) package token"
        case .upload: "an upload-only (u) package token"
        case .download: "a download (d) package token"
        }
    }
}

/// What a token the emulator minted grants.
enum MASVGrant: Sendable {
    case user(userID: String)
    case package(packageID: String, level: MASVPackageLevel, linkID: String?)
    case transfer(transferID: String)
}

struct MASVIssuedToken: Sendable {
    var grant: MASVGrant
    var expiresAt: Date
}

/// A URL on the storage origin the API handed out; the storage origin accepts only what was signed.
struct MASVPresignedURL: Sendable {
    enum Action: Sendable, Equatable {
        case createUpload
        case uploadPart(uploadID: String, partNumber: Int)
        case download
    }
    var action: Action
    var packageID: String
    var fileID: String
    var expiresAt: Date
}
