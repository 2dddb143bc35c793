import Foundation
import ScopedAuth
import ScopedAuthTesting
#if canImport(Glibc)
import Glibc
#endif

/// The reference: MASV's upload lifecycle by hand, with raw requests through `emulator.transport` and nothing
/// else (no middleware, no retries, no progress), each chunk read with one `pread` into its own buffer.
struct DirectUpload {
    let emulator: Emulator

    func run(_ file: URL) async throws {
        let transport = emulator.transport
        let api = emulator.origins.masv
        let json: HTTPHeaders = ["Content-Type": "application/json"]

        var headers = json
        headers["X-API-KEY"] = emulator.masv.seededAPIKey.revealed
        let package = try await send(HTTPRequest(
            method: .post, url: api.appending(path: "v1/teams/\(emulator.masv.seededTeamID)/packages"),
            headers: headers, body: body(["name": "benchmark", "description": "", "recipients": []])))
        guard let packageID = package["id"] as? String, let token = package["access_token"] as? String else {
            throw DirectUploadError.unexpected("package")
        }
        var packageHeaders = json
        packageHeaders["X-Package-Token"] = token

        let added = try await send(HTTPRequest(
            method: .post, url: api.appending(path: "v1/packages/\(packageID)/files"), headers: packageHeaders,
            body: body(["kind": "file", "name": file.lastPathComponent, "path": ""])))
        guard let fileID = (added["file"] as? [String: Any])?["id"] as? String,
            let createURL = (added["create_blueprint"] as? [String: Any])?["url"] as? String,
            let createURL = URL(string: createURL)
        else { throw DirectUploadError.unexpected("added file") }

        let created = try await transport.send(HTTPRequest(method: .post, url: createURL, body: Data()))
        let text = String(decoding: created.body, as: UTF8.self)
        guard let start = text.range(of: "<UploadId>"), let end = text.range(of: "</UploadId>") else {
            throw DirectUploadError.unexpected("multipart upload")
        }
        let uploadID = String(text[start.upperBound..<end.lowerBound])

        let parts = (fileSize + chunkSize - 1) / chunkSize
        var query = URLComponents(url: api.appending(path: "v1/packages/\(packageID)/files/\(fileID)"),
                                  resolvingAgainstBaseURL: false)
        query?.queryItems = [URLQueryItem(name: "start", value: "0"), URLQueryItem(name: "count", value: String(parts))]
        guard let chunkURLsURL = query?.url else { throw DirectUploadError.unexpected("chunk URL request") }
        let listResponse = try await transport.send(HTTPRequest(
            method: .post, url: chunkURLsURL, headers: packageHeaders, body: body(["upload_id": uploadID])))
        guard let list = try JSONSerialization.jsonObject(with: listResponse.body) as? [[String: Any]],
            list.count == parts
        else { throw DirectUploadError.unexpected("chunk URLs") }
        let urls = try list.map { item in
            guard let text = item["url"] as? String, let url = URL(string: text) else {
                throw DirectUploadError.unexpected("chunk URL")
            }
            return url
        }

        let descriptor = open(file.path, O_RDONLY)
        guard descriptor >= 0 else { throw DirectUploadError.unexpected("open") }
        defer { close(descriptor) }
        let etags = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var etags = [String](repeating: "", count: parts)
            var next = 0
            var running = 0
            while next < parts || running > 0 {
                while next < parts, running < parallelism {
                    let part = next
                    group.addTask {
                        let data = try readChunk(descriptor, part: part)
                        let response = try await transport.send(HTTPRequest(method: .put, url: urls[part], body: data))
                        guard response.status == 200, let etag = response.headers["ETag"] else {
                            throw DirectUploadError.unexpected("chunk \(part + 1)")
                        }
                        return (part, etag)
                    }
                    next += 1
                    running += 1
                }
                if let (part, etag) = try await group.next() {
                    etags[part] = etag
                    running -= 1
                }
            }
            return etags
        }

        let finalize: [String: Any] = [
            "chunk_extras": etags.enumerated().map { ["partNumber": $0.offset + 1, "etag": $0.element] },
            "file_extras": ["upload_id": uploadID], "size": fileSize, "chunk_size": chunkSize,
        ]
        _ = try await send(HTTPRequest(
            method: .post, url: api.appending(path: "v1/packages/\(packageID)/files/\(fileID)/finalize"),
            headers: packageHeaders, body: body(finalize)))
        _ = try await send(HTTPRequest(
            method: .post, url: api.appending(path: "v1/packages/\(packageID)/finalize"), headers: packageHeaders))
    }

    /// Sends an API request and decodes its JSON object answer.
    private func send(_ request: HTTPRequest) async throws -> [String: Any] {
        let response = try await emulator.transport.send(request)
        guard (200..<300).contains(response.status),
            let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        else { throw DirectUploadError.unexpected("\(request.method) \(request.url.path) answered \(response.status)") }
        return object
    }

    private func body(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object)
    }
}

/// Reads part `part` (0-based) of the file with one `pread` into a new buffer.
private func readChunk(_ descriptor: Int32, part: Int) throws -> Data {
    let offset = part * chunkSize
    let count = min(chunkSize, fileSize - offset)
    var data = Data(count: count)
    let read = data.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
    guard read == count else { throw DirectUploadError.unexpected("pread") }
    return data
}

enum DirectUploadError: Error {
    case unexpected(String)
}
