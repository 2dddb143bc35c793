import Foundation
import ScopedAuth
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// MASV's upload lifecycle for one package (SERVICES.md 1.6): per file, add it, create its multipart upload,
/// request chunk URLs in batches, PUT chunks with bounded parallelism and retries, and finalize it; then
/// finalize the package.
///
/// Files go one after another; a file's chunks run `parallelism` at a time, each reading only its own bytes.
struct PackageUploader<Access: PackageAccess>: Sendable {
    let handle: PackageHandle<Access>
    let options: UploadOptions
    let clock: any AuthClock
    let reporter: UploadProgressReporter
    /// The random numbers of the chunk retries' jitter, one sequence for the whole upload.
    let jitter: JitterSource

    init(handle: PackageHandle<Access>, options: UploadOptions, clock: any AuthClock, reporter: UploadProgressReporter) {
        self.handle = handle
        self.options = options
        self.clock = clock
        self.reporter = reporter
        jitter = options.chunkRetryPolicy.jitterSource()
    }

    func run(_ plan: UploadPlan) async throws {
        for file in plan.files {
            try Task.checkCancellation()
            do {
                try await upload(file)
            } catch let error as AuthError {
                var error = error
                let note = "while uploading \(file.packagePath)"
                error.detail = error.detail.map { "\($0) (\(note))" } ?? note
                throw error
            }
        }
        if options.finalizesPackage {
            try Task.checkCancellation()
            _ = try await handle.send(.post, RequestPath("v1", "packages", handle.id, "finalize"))
        }
    }

    private func upload(_ file: UploadPlan.File) async throws {
        let body = MASVWire.NewFile(name: file.name, path: file.folder, lastModified: file.lastModified)
        let added = try await handle.send(.post, RequestPath("v1", "packages", handle.id, "files"), json: body)
            .decodeMASV(MASVWire.AddedFile.self)
        let layout = ChunkLayout(fileSize: file.size, requested: options.chunkSize, limits: added)
        let uploadID = try await createMultipartUpload(added.createBlueprint)
        let etags = try await uploadChunks(of: file, fileID: added.file.id, uploadID: uploadID, layout: layout)

        // The bytes sent must be the file as it is now: a file that grew or shrank is not finalized.
        guard try UploadPlan.size(of: file.url).size == file.size else { throw Self.changedSize(file) }
        let finalize = MASVWire.FinalizeFile(
            etags: etags, uploadID: uploadID, size: file.size, chunkSize: Int64(layout.chunkSize))
        _ = try await handle.send(.post, RequestPath("v1", "packages", handle.id, "files", added.file.id, "finalize"), json: finalize)
    }

    /// Runs the create blueprint on storage and reads the S3 `UploadId` from its XML answer.
    private func createMultipartUpload(_ blueprint: MASVWire.Blueprint) async throws -> String {
        try Self.uploadID(from: await storage(blueprint, body: blueprint.body.map { Data($0.utf8) }))
    }

    /// Reads the S3 `UploadId` from a successful create-multipart-upload answer.
    static func uploadID(from response: HTTPResponse) throws(AuthError) -> String {
        let text = String(decoding: response.body, as: UTF8.self)
        guard let start = text.range(of: "<UploadId>"), let end = text.range(of: "</UploadId>", range: start.upperBound..<text.endIndex),
            !text[start.upperBound..<end.lowerBound].isEmpty
        else {
            throw AuthError(.malformedResponse, status: response.status, service: MASVConnection.storageService,
                            detail: "the multipart upload answer has no UploadId")
        }
        return String(text[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Uploads every chunk, `parallelism` at a time, fetching URLs a batch ahead: the ETags in part order.
    private func uploadChunks(
        of file: UploadPlan.File, fileID: String, uploadID: String, layout: ChunkLayout
    ) async throws -> [String] {
        let parallelism = max(1, options.parallelism)
        return try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var blueprints: [Int: MASVWire.Blueprint] = [:]
            var etags = [String?](repeating: nil, count: layout.partCount)
            var nextPart = 1
            var running = 0
            while nextPart <= layout.partCount || running > 0 {
                while running < parallelism, nextPart <= layout.partCount {
                    if blueprints[nextPart] == nil {
                        blueprints = try await chunkURLs(fileID: fileID, uploadID: uploadID, from: nextPart, layout: layout)
                    }
                    guard let blueprint = blueprints.removeValue(forKey: nextPart) else {
                        throw AuthError(.malformedResponse, service: MASVConnection.service,
                                        detail: "no chunk URL for part \(nextPart)")
                    }
                    let part = nextPart
                    group.addTask {
                        (part, try await send(part: part, of: file, layout: layout, to: blueprint))
                    }
                    nextPart += 1
                    running += 1
                }
                if let (part, etag) = try await group.next() {
                    etags[part - 1] = etag
                    running -= 1
                }
            }
            return etags.compactMap(\.self)
        }
    }

    /// `POST /v1/packages/{id}/files/{file_id}?start=&count=` → blueprints for the next batch of parts.
    private func chunkURLs(
        fileID: String, uploadID: String, from part: Int, layout: ChunkLayout
    ) async throws -> [Int: MASVWire.Blueprint] {
        let count = min(max(1, options.chunkURLBatchSize), layout.partCount - part + 1)
        let query = [URLQueryItem(name: "start", value: String(part - 1)), URLQueryItem(name: "count", value: String(count))]
        return try Self.chunkBlueprints(
            from: await handle.send(
                .post, RequestPath("v1", "packages", handle.id, "files", fileID), query: query,
                json: MASVWire.ChunkURLsRequest(uploadID: uploadID)),
            count: count, firstPart: part)
    }

    /// Reads a chunk-URL answer: exactly `count` blueprints, keyed by part number from `firstPart`.
    static func chunkBlueprints(
        from response: HTTPResponse, count: Int, firstPart part: Int
    ) throws(AuthError) -> [Int: MASVWire.Blueprint] {
        let list = try response.decodeMASV([MASVWire.Blueprint].self)
        guard list.count == count else {
            throw AuthError(.malformedResponse, service: MASVConnection.service,
                            detail: "asked for \(count) chunk URLs, got \(list.count)")
        }
        return Dictionary(uniqueKeysWithValues: list.enumerated().map { (part + $0.offset, $0.element) })
    }

    /// Reads one chunk from disk and PUTs it, retrying failures that may pass: the part's ETag.
    private func send(part: Int, of file: UploadPlan.File, layout: ChunkLayout, to blueprint: MASVWire.Blueprint)
        async throws -> String
    {
        let range = layout.range(ofPart: part)
        let data = try Self.read(file, range)
        var attempt = 1
        while true {
            try Task.checkCancellation()
            do {
                let response = try await storage(blueprint, body: data, defaultMethod: .put)
                guard let etag = response.headers["ETag"], !etag.isEmpty else {
                    throw AuthError(.malformedResponse, status: response.status, service: MASVConnection.storageService,
                                    detail: "chunk \(part) was stored without an ETag")
                }
                reporter.confirm(Int64(data.count), of: file.packagePath, fileSize: file.size)
                return etag
            } catch let error as AuthError
                where error.kind.isTransient && attempt < max(1, options.chunkRetryPolicy.maximumAttempts)
            {
                try await clock.sleep(for: options.chunkRetryPolicy.delay(beforeRetry: attempt, random: jitter.next()))
                attempt += 1
            }
        }
    }

    /// Sends a blueprint to presigned storage, with the blueprint's own headers and no MASV credential.
    private func storage(_ blueprint: MASVWire.Blueprint, body: Data?, defaultMethod: HTTPMethod = .post)
        async throws -> HTTPResponse
    {
        let response = try await MASVConnection.perform(
            try Self.storageRequest(blueprint, body: body, defaultMethod: defaultMethod),
            through: handle.connection.storage, service: MASVConnection.storageService
        )
        return try Self.successfulStorage(response)
    }

    /// The request a blueprint describes: its URL (which must be absolute), method and headers.
    static func storageRequest(
        _ blueprint: MASVWire.Blueprint, body: Data?, defaultMethod: HTTPMethod
    ) throws(AuthError) -> HTTPRequest {
        guard let url = URL(string: blueprint.url), url.scheme != nil else {
            throw AuthError(.malformedResponse, service: MASVConnection.service, detail: "a storage URL is not a URL")
        }
        var headers = HTTPHeaders()
        for (name, value) in blueprint.headers ?? [:] { headers.add(name: name, value: value) }
        return HTTPRequest(
            method: blueprint.method.map { HTTPMethod(rawValue: $0) } ?? defaultMethod, url: url, headers: headers,
            body: body
        )
    }

    /// `response` when storage answered 2xx, otherwise the ``AuthError`` its status implies.
    static func successfulStorage(_ response: HTTPResponse) throws(AuthError) -> HTTPResponse {
        guard response.isSuccess else {
            throw response.error(service: MASVConnection.storageService, messageKeys: [])
        }
        return response
    }

    /// Reads exactly `range` of the file; fewer bytes mean the file shrank.
    ///
    /// The bytes go straight into one buffer of the chunk's size with `pread`: `FileHandle.read(upToCount:)`
    /// reads in small blocks into a buffer it keeps doubling: ~60 % more time per chunk from the page cache on
    /// Linux, ~4 % more CPU per upload (emulator included) in the MASVUpload benchmark.
    private static func read(_ file: UploadPlan.File, _ range: Range<Int64>) throws -> Data {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: file.url)
        } catch {
            throw AuthError(.invalidRequest, service: MASVConnection.service, detail: "cannot open \(file.url.path)")
        }
        defer { try? handle.close() }
        let descriptor = handle.fileDescriptor
        var data = Data(count: range.count)
        // The bytes read, or `nil` when reading fails; fewer than asked only at the end of the file.
        let count: Int? = data.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var done = 0
            while done < buffer.count {
                let read = pread(descriptor, base + done, buffer.count - done, off_t(range.lowerBound) + off_t(done))
                if read > 0 {
                    done += read
                } else if read == 0 {
                    break
                } else if errno != EINTR {
                    return nil
                }
            }
            return done
        }
        guard let count else {
            throw AuthError(.invalidRequest, service: MASVConnection.service, detail: "cannot read \(file.url.path)")
        }
        guard count == range.count else { throw changedSize(file) }
        return data
    }

    private static func changedSize(_ file: UploadPlan.File) -> AuthError {
        AuthError(.invalidRequest, service: MASVConnection.service,
                  detail: "\(file.url.path) changed size during the upload (was \(file.size) bytes)")
    }
}
