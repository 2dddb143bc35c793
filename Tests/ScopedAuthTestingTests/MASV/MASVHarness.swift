import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

/// Drives a ``MASVEmulator`` and its storage origin with raw requests, on a server clock the test moves.
final class MASVHarness {
    let masv: MASVEmulator
    let counters = EmulatorCounters()
    let mint = TokenMint(seed: 7)
    let origins = EmulatorOrigins.production
    var now = Date(timeIntervalSince1970: 1_767_225_600)

    init(configuration: MASVConfiguration = MASVConfiguration(minChunkSize: 1024, maxChunkSize: 64 * 1024)) {
        masv = MASVEmulator(configuration: configuration)
    }

    var context: EmulatorContext { EmulatorContext(now: now, mint: mint, counters: counters, origins: origins) }

    func advance(seconds: TimeInterval) { now = now.addingTimeInterval(seconds) }

    // MARK: Raw requests

    /// Sends a request to the API; `json` becomes the body with `Content-Type: application/json`.
    func api(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], json: Any? = nil) -> HTTPResponse {
        var headers = headers
        var body: Data?
        if let json {
            headers["Content-Type"] = "application/json"
            body = try? JSONSerialization.data(withJSONObject: json)
        }
        let url = URL(string: origins.masv.absoluteString + path) ?? origins.masv
        return masv.respond(to: EmulatorRequest(HTTPRequest(method: method, url: url, headers: headers, body: body)),
            context: context)
    }

    /// Sends a raw request to whatever URL the API handed out (the storage origin).
    func storage(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders = [:], body: Data? = nil) -> HTTPResponse {
        let url = URL(string: url) ?? origins.masvStorage
        return masv.storage.respond(
            to: EmulatorRequest(HTTPRequest(method: method, url: url, headers: headers, body: body)), context: context)
    }

    // MARK: Flows

    func signIn() throws -> String {
        let user = masv.seededUser
        let response = api(.post, "/v1/auth", json: ["email": user.email, "password": user.password.revealed])
        try #require(response.status == 200)
        return try #require(response.object["token"] as? String)
    }

    var apiKeyHeaders: HTTPHeaders { ["X-API-KEY": masv.seededAPIKey.revealed] }

    /// A team package and its management token.
    func createTeamPackage(name: String = "Rushes") throws -> (id: String, token: String) {
        let response = api(.post, "/v1/teams/\(masv.seededTeamID)/packages", headers: apiKeyHeaders, json: ["name": name])
        try #require(response.status == 201)
        return (try #require(response.object["id"] as? String), try #require(response.object["access_token"] as? String))
    }

    /// A portal package and its upload-only token.
    func createPortalPackage() throws -> (id: String, token: String) {
        let response = api(.post, "/v1/portals/\(masv.seededPortalID)/packages", json: ["name": "Drop", "sender": "a@b.c"])
        try #require(response.status == 201)
        return (try #require(response.object["id"] as? String), try #require(response.object["access_token"] as? String))
    }

    /// Adds a file and creates its multipart upload on storage: the file id and the upload id.
    func startFile(packageID: String, token: String, name: String = "a.mov") throws -> (fileID: String, uploadID: String) {
        let added = api(.post, "/v1/packages/\(packageID)/files", headers: ["X-Package-Token": token],
            json: ["kind": "file", "name": name, "path": "dir", "last_modified": "2026-01-01T00:00:00Z"])
        try #require(added.status == 201)
        let fileID = try #require((added.object["file"] as? [String: Any])?["id"] as? String)
        let blueprint = try #require(added.object["create_blueprint"] as? [String: Any])
        let created = storage(.post, try #require(blueprint["url"] as? String))
        try #require(created.status == 200)
        return (fileID, try #require(created.text.between("<UploadId>", "</UploadId>")))
    }

    /// Chunk URLs for parts start+1 … start+count.
    func chunkURLs(packageID: String, fileID: String, token: String, uploadID: String, start: Int, count: Int) throws
        -> [String]
    {
        let response = api(.post, "/v1/packages/\(packageID)/files/\(fileID)?start=\(start)&count=\(count)",
            headers: ["X-Package-Token": token], json: ["upload_id": uploadID])
        try #require(response.status == 200)
        return try response.array.map { try #require($0["url"] as? String) }
    }

    /// Uploads `data` in chunks of `chunkSize` through storage and finalizes the file: its id.
    @discardableResult
    func uploadFile(packageID: String, token: String, data: Data, chunkSize: Int = 64 * 1024) throws -> String {
        let (fileID, uploadID) = try startFile(packageID: packageID, token: token)
        let chunks = stride(from: 0, to: data.count, by: chunkSize).map { data[$0..<min($0 + chunkSize, data.count)] }
        let urls = try chunkURLs(packageID: packageID, fileID: fileID, token: token, uploadID: uploadID, start: 0,
            count: chunks.count)
        var extras: [[String: Any]] = []
        for (index, (url, chunk)) in zip(urls, chunks).enumerated() {
            let put = storage(.put, url, body: Data(chunk))
            try #require(put.status == 200)
            extras.append(["partNumber": index + 1, "etag": try #require(put.headers["ETag"])])
        }
        let finalized = api(.post, "/v1/packages/\(packageID)/files/\(fileID)/finalize",
            headers: ["X-Package-Token": token],
            json: ["chunk_extras": extras, "file_extras": ["upload_id": uploadID], "size": data.count, "chunk_size": chunkSize])
        try #require(finalized.status == 200)
        return fileID
    }

    func finalizePackage(_ packageID: String, token: String) throws {
        try #require(api(.post, "/v1/packages/\(packageID)/finalize", headers: ["X-Package-Token": token]).status == 200)
    }

    /// Creates a link on the package: its id and secret.
    func createLink(packageID: String, token: String, password: String? = nil) throws -> (id: String, secret: String) {
        var body: [String: Any] = ["email": ""]
        if let password { body["password"] = password }
        let response = api(.post, "/v1/packages/\(packageID)/links", headers: ["X-Package-Token": token], json: body)
        try #require(response.status == 201)
        return (try #require(response.object["id"] as? String), try #require(response.object["secret"] as? String))
    }

    /// Redeems link credentials for a download token.
    func downloadToken(linkID: String, secret: String, password: String? = nil) throws -> String {
        var headers: HTTPHeaders = [:]
        if let password { headers["X-Link-Password"] = password }
        let response = api(.get, "/v1/links/\(linkID)?secret=\(secret)", headers: headers)
        try #require(response.status == 200)
        return try #require(response.object["package_token"] as? String)
    }

    /// Starts a transfer: its id and transfer token.
    func startTransfer(packageID: String, token: String, body: [String: Any]? = nil) throws -> (id: String, token: String) {
        let response = api(.post, "/v1/packages/\(packageID)/transfer", headers: ["X-Package-Token": token],
            json: body ?? ["cloud_connection_id": masv.seededCloudConnectionID])
        try #require(response.status == 201)
        return (try #require(response.object["id"] as? String), try #require(response.object["access_token"] as? String))
    }

    /// A finalized team package holding one file, with its management token.
    func finalizedTeamPackage(data: Data = MASVHarness.sample(count: 3000)) throws
        -> (id: String, fileID: String, token: String)
    {
        let package = try createTeamPackage()
        let fileID = try uploadFile(packageID: package.id, token: package.token, data: data, chunkSize: 1024)
        try finalizePackage(package.id, token: package.token)
        return (package.id, fileID, package.token)
    }

    /// Deterministic, non-repeating test bytes.
    static func sample(count: Int) -> Data {
        var generator = SplitMix64(seed: UInt64(count))
        return Data((0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
    }

    /// A JWT's payload claims.
    static func claims(_ token: String) throws -> [String: Any] {
        let parts = token.split(separator: ".")
        try #require(parts.count == 3)
        let payload = try #require(Data(base64URLEncoded: parts[1]))
        return try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
    }
}

extension HTTPResponse {
    var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
    var array: [[String: Any]] { ((try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]]) ?? [] }
    var message: String? { object["message"] as? String }
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension String {
    func between(_ start: String, _ end: String) -> String? {
        guard let lower = range(of: start), let upper = range(of: end, range: lower.upperBound..<endIndex) else {
            return nil
        }
        return String(self[lower.upperBound..<upper.lowerBound])
    }
}
