import Foundation
import ScopedAuth

/// MASV's upload lifecycle with `X-Package-Token` (SERVICES.md 1.6): add file, chunk URLs, finalize file,
/// finalize package. Management (`f`) and upload-only (`u`) tokens may upload until the package is finalized;
/// after that every upload call answers 409 Conflict (the token has the right, the package no longer allows it).
extension MASVState {
    private static let uploaders: Set<MASVPackageLevel> = [.full, .upload]

    /// `POST /v1/packages/{id}/files` `{kind, name, path, last_modified}` → 201 `{file, create_blueprint,
    /// max_chunks_count, max_chunk_size, min_chunk_size}`; the blueprint POSTs to the storage origin.
    mutating func addFile(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        var package = try requirePackage(call, packageID: call.capture(0), levels: Self.uploaders, action: "add files").package
        guard package.status == .new else { throw .conflict("package \(package.id) is finalized") }
        let body = try call.body()
        let file = MASVFile(
            id: call.context.mint.ulid(), packageID: package.id, kind: try call.string("kind", in: body) ?? "file",
            name: try call.requiredString("name", in: body), path: try call.string("path", in: body) ?? "",
            lastModified: try call.string("last_modified", in: body), createdAt: call.now, contents: nil,
            chunkPutCount: 0
        )
        files[file.id] = file
        package.fileIDs.append(file.id)
        package.updatedAt = call.now
        packages[package.id] = package
        let url = presign(.createUpload, packageID: package.id, fileID: file.id, call)
        return .json(status: 201, [
            "file": fileJSON(file),
            "create_blueprint": ["url": url.absoluteString, "method": "POST", "headers": [String: String](), "body": ""],
            "max_chunks_count": call.configuration.maxChunksCount,
            "max_chunk_size": call.configuration.maxChunkSize,
            "min_chunk_size": call.configuration.minChunkSize,
        ])
    }

    /// `POST /v1/packages/{id}/files/{file_id}?start=S&count=N` `{upload_id}` → `[{url, method:"PUT", headers}]`
    /// for parts S+1 … S+N.
    mutating func chunkURLs(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let (package, file) = try uploadTarget(call, action: "get chunk upload URLs")
        let start = try queryInteger("start", default: 0, call)
        let count = try queryInteger("count", default: 1, call)
        let limit = call.configuration.maxChunksCount
        guard start >= 0, count >= 1, start <= limit, count <= limit, start + count <= limit else {
            throw .badRequest("start and count must select parts within 1…\(call.configuration.maxChunksCount)")
        }
        let uploadID = try call.requiredString("upload_id", in: call.body())
        guard let upload = uploads[uploadID], upload.fileID == file.id else {
            throw .notFound("no upload \(uploadID) for file \(file.id)")
        }
        let blueprints = (start + 1...start + count).map { part -> [String: Any] in
            let url = presign(.uploadPart(uploadID: upload.id, partNumber: part), packageID: package.id, fileID: file.id, call)
            return ["url": url.absoluteString, "method": "PUT", "headers": [String: String]()]
        }
        return .json(blueprints)
    }

    /// `POST /v1/packages/{id}/files/{file_id}/finalize` `{chunk_extras:[{partNumber, etag}],
    /// file_extras:{upload_id}, size, chunk_size}` → 200 the finalized file.
    ///
    /// A malformed body is a 400. The parts must be numbered 1…n without gaps (400); each must have been
    /// uploaded with the given ETag, every part but the last must be at least `min_chunk_size` (and exactly
    /// `chunk_size` when given), and the parts must add up to `size`, else 409.
    mutating func finalizeFile(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        var (package, file) = try uploadTarget(call, action: "finalize files")
        let body = try call.body()
        guard let extras = body["file_extras"] as? [String: Any] else { throw .badRequest("file_extras is required") }
        let uploadID = try call.requiredString("upload_id", in: extras)
        guard let size = try call.integer("size", in: body), size >= 0 else { throw .badRequest("size is required") }
        let chunkSize = try call.integer("chunk_size", in: body)
        guard let list = body["chunk_extras"] as? [Any] else { throw .badRequest("chunk_extras must be an array") }
        var etags: [Int: String] = [:]
        for item in list {
            guard let object = item as? [String: Any], let rawPart = object["partNumber"],
                let etag = object["etag"] as? String
            else { throw .badRequest("each chunk_extras entry needs partNumber and etag") }
            let part = try MASVCall.integer(rawPart, name: "partNumber")
            guard etags.updateValue(etag, forKey: part) == nil else { throw .badRequest("part \(part) is listed twice") }
        }
        guard etags.keys.sorted() == Array(1..<(etags.count + 1)) else {
            throw .badRequest("chunk_extras must number parts 1…\(etags.count) without gaps")
        }
        guard let upload = uploads[uploadID], upload.fileID == file.id else {
            throw .notFound("no upload \(uploadID) for file \(file.id)")
        }
        var contents = Data()
        for part in 1..<(etags.count + 1) {
            guard let stored = upload.parts[part] else { throw .conflict("part \(part) was never uploaded") }
            guard Self.sameETag(stored.etag, etags[part] ?? "") else { throw .conflict("part \(part) has another ETag") }
            if part < etags.count {
                guard stored.data.count >= call.configuration.minChunkSize else {
                    throw .conflict("part \(part) is smaller than min_chunk_size")
                }
                if let chunkSize, stored.data.count != chunkSize {
                    throw .conflict("part \(part) is not chunk_size bytes")
                }
            }
            contents.append(stored.data)
        }
        guard contents.count == size else {
            throw .conflict("the parts hold \(contents.count) bytes, not size \(size)")
        }
        file.contents = contents
        files[file.id] = file
        uploads = uploads.filter { $0.value.fileID != file.id }
        package.updatedAt = call.now
        packages[package.id] = package
        return .json(fileJSON(file))
    }

    /// `POST /v1/packages/{id}/finalize` → 200 the package with state `finalized`; every file must be finalized.
    mutating func finalizePackage(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        var package = try requirePackage(
            call, packageID: call.capture(0), levels: Self.uploaders, action: "finalize the package"
        ).package
        guard package.status == .new else { throw .conflict("package \(package.id) is already finalized") }
        if let open = package.fileIDs.first(where: { files[$0]?.isFinalized != true }) {
            throw .conflict("file \(open) is not finalized")
        }
        package.status = .finalized
        package.updatedAt = call.now
        packages[package.id] = package
        uploads = uploads.filter { $0.value.packageID != package.id }
        return .json(packageJSON(package, now: call.now))
    }

    /// The package (still open) and the file (still unfinalized) that an upload call names.
    private func uploadTarget(_ call: MASVCall, action: String) throws(MASVFailure) -> (MASVPackage, MASVFile) {
        let package = try requirePackage(call, packageID: call.capture(0), levels: Self.uploaders, action: action).package
        guard package.status == .new else { throw .conflict("package \(package.id) is finalized") }
        guard let file = files[call.capture(1)], file.packageID == package.id else {
            throw .notFound("file \(call.capture(1)) not found in package \(package.id)")
        }
        guard !file.isFinalized else { throw .conflict("file \(file.id) is already finalized") }
        return (package, file)
    }

    private func queryInteger(_ name: String, default value: Int, _ call: MASVCall) throws(MASVFailure) -> Int {
        guard let text = call.request.query[name] else { return value }
        guard let number = Int(text) else { throw .badRequest("\(name) must be an integer") }
        return number
    }

    /// S3 ETags are quoted; clients may echo them with or without the quotes.
    static func sameETag(_ stored: String, _ given: String) -> Bool {
        let quotes = CharacterSet(charactersIn: "\"")
        return stored.trimmingCharacters(in: quotes) == given.trimmingCharacters(in: quotes)
    }
}
