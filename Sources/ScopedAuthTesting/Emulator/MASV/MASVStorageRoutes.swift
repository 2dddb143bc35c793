import Foundation
import ScopedAuth

/// What the storage origin does with each presigned action: create a multipart upload, store a part, serve a
/// finalized file.
extension MASVState {
    /// `POST …?uploads` (the create blueprint) → 200 `<InitiateMultipartUploadResult>` with `<UploadId>`.
    mutating func createMultipartUpload(_ request: EmulatorRequest, _ context: EmulatorContext) -> HTTPResponse {
        guard let signed = verifyPresigned(request, expected: .createUpload, now: context.now) else {
            return MASVStorageEmulator.error(403, "SignatureDoesNotMatch", "the URL is not presigned for this request")
        }
        guard let file = files[signed.fileID], !file.isFinalized, packages[signed.packageID]?.status == .new else {
            return MASVStorageEmulator.error(404, "NoSuchKey", "the file no longer accepts uploads")
        }
        let upload = MASVMultipartUpload(
            id: context.mint.secret(length: 48), packageID: signed.packageID, fileID: file.id, parts: [:]
        )
        uploads[upload.id] = upload
        return MASVStorageEmulator.xml(
            "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Bucket>masv-storage</Bucket><Key>packages/\(signed.packageID)/\(file.id)</Key>"
                + "<UploadId>\(upload.id)</UploadId></InitiateMultipartUploadResult>"
        )
    }

    /// `PUT …?partNumber=N&uploadId=U` with the chunk's bytes → 200 with an `ETag` header. A part may be PUT again
    /// (a retry); the last PUT wins.
    mutating func storePart(_ request: EmulatorRequest, _ context: EmulatorContext, maxChunkSize: Int) -> HTTPResponse {
        guard let partNumber = request.query["partNumber"].flatMap({ Int($0) }), partNumber >= 1,
            let uploadID = request.query["uploadId"]
        else { return MASVStorageEmulator.error(400, "InvalidArgument", "partNumber and uploadId are required") }
        guard verifyPresigned(request, expected: .uploadPart(uploadID: uploadID, partNumber: partNumber), now: context.now)
            != nil
        else { return MASVStorageEmulator.error(403, "SignatureDoesNotMatch", "the URL is not presigned for this part") }
        guard var upload = uploads[uploadID] else {
            return MASVStorageEmulator.error(404, "NoSuchUpload", "the upload does not exist or was completed")
        }
        let data = request.http.body ?? Data()
        guard data.count <= maxChunkSize else {
            return MASVStorageEmulator.error(400, "EntityTooLarge", "a part may hold at most \(maxChunkSize) bytes")
        }
        let etag = Self.etag(of: data)
        upload.parts[partNumber] = MASVMultipartUpload.Part(data: data, etag: etag)
        uploads[uploadID] = upload
        files[upload.fileID]?.chunkPutCount += 1
        return HTTPResponse(status: 200, headers: ["ETag": etag])
    }

    /// `GET` a presigned download URL → 200 the file's bytes.
    func serveDownload(_ request: EmulatorRequest, _ context: EmulatorContext) -> HTTPResponse {
        guard let signed = verifyPresigned(request, expected: .download, now: context.now) else {
            return MASVStorageEmulator.error(403, "SignatureDoesNotMatch", "the URL is not presigned for this request")
        }
        guard let contents = files[signed.fileID]?.contents else {
            return MASVStorageEmulator.error(404, "NoSuchKey", "the file does not exist")
        }
        return HTTPResponse(
            status: 200, headers: ["Content-Type": "application/octet-stream", "ETag": Self.etag(of: contents)],
            body: contents
        )
    }

    /// A quoted 128-bit content hash in the shape of S3's MD5 ETags (two FNV-1a passes; no crypto needed).
    static func etag(of data: Data) -> String {
        var first: UInt64 = 0xCBF2_9CE4_8422_2325
        var second: UInt64 = 0x8422_2325_CBF2_9CE4 ^ UInt64(data.count)
        for byte in data {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 ^ (second >> 29)
        }
        func hex(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return "\"" + hex(first) + hex(second) + "\""
    }
}
