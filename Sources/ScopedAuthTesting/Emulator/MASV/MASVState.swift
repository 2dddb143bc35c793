import Foundation
import ScopedAuth

/// Everything the emulated MASV account holds. The API and the storage origin share one value behind one lock
/// (``MASVModel``), so an upload's chunks, its finalize and the bytes read back always agree.
struct MASVState: Sendable {
    var teams: [String: MASVTeam] = [:]
    var users: [String: MASVUser] = [:]
    /// By key value.
    var apiKeys: [String: MASVAPIKey] = [:]
    var portals: [String: MASVPortal] = [:]
    var cloudConnections: [String: MASVCloudConnection] = [:]
    var packages: [String: MASVPackage] = [:]
    var files: [String: MASVFile] = [:]
    var uploads: [String: MASVMultipartUpload] = [:]
    var links: [String: MASVLink] = [:]
    var transfers: [String: MASVTransfer] = [:]
    /// Every token minted, by its text.
    var tokens: [String: MASVIssuedToken] = [:]
    /// Every presigned storage URL handed out, by its signature.
    var presignedURLs: [String: MASVPresignedURL] = [:]
    /// The credential header names the storage origin saw, one entry per offending request.
    var leakedCredentialHeaders: [[String]] = []

    func user(email: String) -> MASVUser? {
        users.values.first { $0.email.caseInsensitiveEquals(email) }
    }

    /// The package's storage state as MASV names it: `new`, `finalized` or `expired`.
    func packageState(_ package: MASVPackage, now: Date) -> String {
        if let expiry = package.expiry, expiry <= now { return "expired" }
        return package.status.rawValue
    }

    /// The sum of the package's finalized file sizes.
    func packageSize(_ package: MASVPackage) -> Int {
        package.fileIDs.compactMap { files[$0]?.contents?.count }.reduce(0, +)
    }

    /// Removes a package with its files, uploads, links, transfers, presigned URLs and every token for them.
    mutating func deletePackage(_ packageID: String) {
        guard let package = packages.removeValue(forKey: packageID) else { return }
        for fileID in package.fileIDs { files[fileID] = nil }
        uploads = uploads.filter { $0.value.packageID != packageID }
        for linkID in package.linkIDs { links[linkID] = nil }
        for transferID in package.transferIDs { transfers[transferID] = nil }
        presignedURLs = presignedURLs.filter { $0.value.packageID != packageID }
        tokens = tokens.filter { _, token in
            switch token.grant {
            case .package(let id, _, _): id != packageID
            case .transfer(let id): transfers[id] != nil
            case .user: true
            }
        }
    }
}
