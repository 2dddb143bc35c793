import Foundation
import ScopedAuth
import ScopedAuthTesting
import Testing

@Suite("MASV emulator: uploads through presigned storage")
struct MASVUploadTests {
    @Test func multiChunkUploadStoresTheExactBytesAndDownloadsThemBack() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let data = MASVHarness.sample(count: 300 * 1024 + 123)
        let chunkSize = 64 * 1024

        let added = harness.api(.post, "/v1/packages/\(package.id)/files", headers: ["X-Package-Token": package.token],
            json: ["kind": "file", "name": "a.mov", "path": "dir/sub", "last_modified": "2026-01-01T00:00:00Z"])
        #expect(added.status == 201)
        #expect(added.object["min_chunk_size"] as? Int == 1024)
        #expect(added.object["max_chunk_size"] as? Int == 64 * 1024)
        #expect(added.object["max_chunks_count"] as? Int == 10_000)
        let file = try #require(added.object["file"] as? [String: Any])
        let fileID = try #require(file["id"] as? String)
        #expect(file["name"] as? String == "a.mov")
        let blueprint = try #require(added.object["create_blueprint"] as? [String: Any])
        #expect(blueprint["method"] as? String == "POST")
        #expect(blueprint["headers"] is [String: Any] && blueprint["body"] is String)
        let createURL = try #require(blueprint["url"] as? String)
        #expect(URL(string: createURL)?.host == "masv-storage.s3.amazonaws.com")

        let created = harness.storage(.post, createURL)
        #expect(created.status == 200)
        let uploadID = try #require(created.text.between("<UploadId>", "</UploadId>"))

        let chunks = stride(from: 0, to: data.count, by: chunkSize).map { data[$0..<min($0 + chunkSize, data.count)] }
        #expect(chunks.count == 5)
        let firstBatch = harness.api(.post, "/v1/packages/\(package.id)/files/\(fileID)?start=0&count=3",
            headers: ["X-Package-Token": package.token], json: ["upload_id": uploadID])
        #expect(firstBatch.status == 200)
        #expect(firstBatch.array.allSatisfy { $0["method"] as? String == "PUT" && $0["headers"] is [String: Any] })
        let secondBatch = try harness.chunkURLs(packageID: package.id, fileID: fileID, token: package.token,
            uploadID: uploadID, start: 3, count: 2)
        let urls = firstBatch.array.compactMap { $0["url"] as? String } + secondBatch
        #expect(urls.count == 5)
        #expect(urls.allSatisfy { $0.contains("partNumber=") && $0.contains("uploadId=") && $0.contains("Signature=") })

        var extras: [[String: Any]] = []
        for (index, (url, chunk)) in zip(urls, chunks).enumerated() {
            let put = harness.storage(.put, url, body: Data(chunk))
            #expect(put.status == 200)
            extras.append(["partNumber": index + 1, "etag": try #require(put.headers["ETag"])])
        }
        let finalized = harness.api(.post, "/v1/packages/\(package.id)/files/\(fileID)/finalize",
            headers: ["X-Package-Token": package.token],
            json: ["chunk_extras": extras, "file_extras": ["upload_id": uploadID], "size": data.count,
                   "chunk_size": chunkSize])
        #expect(finalized.status == 200)
        #expect(finalized.object["size"] as? Int == data.count)
        #expect(finalized.object["state"] as? String == "finalized")

        let packageFinalized = harness.api(.post, "/v1/packages/\(package.id)/finalize",
            headers: ["X-Package-Token": package.token])
        #expect(packageFinalized.status == 200)
        #expect(packageFinalized.object["state"] as? String == "finalized")
        #expect(packageFinalized.object["size"] as? Int == data.count)

        #expect(harness.masv.fileContents(packageID: package.id, fileID: fileID) == data)
        #expect(harness.masv.chunkUploadCount(packageID: package.id, fileID: fileID) == 5)
        #expect(harness.masv.packageState(package.id) == "finalized")
        #expect(harness.masv.storage.credentialLeaks == 0)

        let link = try harness.createLink(packageID: package.id, token: package.token)
        let downloadToken = try harness.downloadToken(linkID: link.id, secret: link.secret)
        let download = harness.api(.get, "/v1/packages/\(package.id)/files/\(fileID)/download",
            headers: ["X-Package-Token": downloadToken])
        #expect(download.status == 200)
        let downloadURL = try #require(download.object["url"] as? String)
        #expect(URL(string: downloadURL)?.host == "masv-storage.s3.amazonaws.com")
        let bytes = harness.storage(.get, downloadURL)
        #expect(bytes.status == 200)
        #expect(bytes.body == data)
    }

    @Test func anUploadOnlyPortalTokenUploadsAndFinalizes() throws {
        let harness = MASVHarness()
        let package = try harness.createPortalPackage()
        let data = MASVHarness.sample(count: 5000)
        let fileID = try harness.uploadFile(packageID: package.id, token: package.token, data: data, chunkSize: 2048)
        try harness.finalizePackage(package.id, token: package.token)
        #expect(harness.masv.fileContents(packageID: package.id, fileID: fileID) == data)
        #expect(harness.masv.chunkUploadCount(packageID: package.id, fileID: fileID) == 3)
    }

    @Test(arguments: ["X-Package-Token", "X-User-Token", "X-API-KEY", "X-Transfer-Token", "X-Link-Password",
        "Authorization"])
    func storageRefusesAndCountsAnyCredentialHeader(header: String) throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let (fileID, uploadID) = try harness.startFile(packageID: package.id, token: package.token)
        let url = try #require(try harness.chunkURLs(packageID: package.id, fileID: fileID, token: package.token,
            uploadID: uploadID, start: 0, count: 1).first)
        let put = harness.storage(.put, url, headers: [header: package.token], body: Data(count: 10))
        #expect(put.status == 403)
        #expect(put.text.contains("AccessDenied"))
        #expect(!put.text.contains(package.token))
        #expect(harness.masv.storage.credentialLeaks == 1)
        #expect(harness.masv.storage.leakedCredentialHeaders == [header])
        #expect(harness.masv.chunkUploadCount(packageID: package.id, fileID: fileID) == 0)
        #expect(harness.storage(.put, url, body: Data(count: 10)).status == 200)
        #expect(harness.masv.storage.credentialLeaks == 1)
    }

    @Test func storageAcceptsOnlyWhatWasPresignedAndOnlyUntilItExpires() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let (fileID, uploadID) = try harness.startFile(packageID: package.id, token: package.token)
        let url = try #require(try harness.chunkURLs(packageID: package.id, fileID: fileID, token: package.token,
            uploadID: uploadID, start: 0, count: 1).first)
        let otherPart = url.replacingOccurrences(of: "partNumber=1", with: "partNumber=2")
        #expect(harness.storage(.put, otherPart, body: Data(count: 10)).status == 403)
        let unsigned = try #require(url.components(separatedBy: "&X-Amz-Signature=").first)
        #expect(harness.storage(.put, unsigned, body: Data(count: 10)).status == 403)
        #expect(harness.storage(.get, url).status == 403)
        #expect(harness.storage(.put, url, body: Data(count: 64 * 1024 + 1)).text.contains("EntityTooLarge"))
        harness.advance(seconds: 3_600)
        #expect(harness.storage(.put, url, body: Data(count: 10)).status == 403)
        #expect(harness.masv.chunkUploadCount(packageID: package.id, fileID: fileID) == 0)
    }

    @Test func finalizeFileChecksPartsETagsAndSize() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let (fileID, uploadID) = try harness.startFile(packageID: package.id, token: package.token)
        let urls = try harness.chunkURLs(packageID: package.id, fileID: fileID, token: package.token,
            uploadID: uploadID, start: 0, count: 3)
        let sizes = [2048, 2048, 100]
        var etags: [String] = []
        for (url, size) in zip(urls, sizes) {
            etags.append(try #require(harness.storage(.put, url, body: MASVHarness.sample(count: size)).headers["ETag"]))
        }
        func finalize(_ body: Any) -> HTTPResponse {
            harness.api(.post, "/v1/packages/\(package.id)/files/\(fileID)/finalize",
                headers: ["X-Package-Token": package.token], json: body)
        }
        func extras(_ parts: [Int], etags: [String]) -> [[String: Any]] {
            zip(parts, etags).map { ["partNumber": $0, "etag": $1] }
        }
        let extrasOK = extras([1, 2, 3], etags: etags)
        let fileExtras = ["upload_id": uploadID]

        #expect(finalize(["chunk_extras": extrasOK, "file_extras": fileExtras, "size": 4195]).status == 409)
        #expect(finalize(["chunk_extras": extras([1, 2, 3], etags: [etags[0], etags[2], etags[2]]),
            "file_extras": fileExtras, "size": 4196]).status == 409)
        #expect(finalize(["chunk_extras": extras([1, 2, 3, 4], etags: etags + ["\"x\""]),
            "file_extras": fileExtras, "size": 4196]).status == 409)
        #expect(finalize(["chunk_extras": extras([1, 3], etags: [etags[0], etags[2]]),
            "file_extras": fileExtras, "size": 2148]).status == 400)
        #expect(finalize(["chunk_extras": extrasOK, "file_extras": fileExtras, "size": 4196, "chunk_size": 1024])
            .status == 409)
        #expect(finalize(["chunk_extras": extrasOK, "size": 4196]).status == 400)
        #expect(finalize(["chunk_extras": "nope", "file_extras": fileExtras, "size": 4196]).status == 400)
        #expect(finalize(["chunk_extras": extrasOK, "file_extras": ["upload_id": "other"], "size": 4196]).status == 404)
        #expect(finalize([1, 2]).status == 400)
        #expect(harness.masv.fileContents(packageID: package.id, fileID: fileID) == nil)

        // ETags are accepted with or without their quotes.
        let unquoted = extras([1, 2, 3], etags: etags.map { $0.replacingOccurrences(of: "\"", with: "") })
        let finalized = finalize(["chunk_extras": unquoted, "file_extras": fileExtras, "size": 4196, "chunk_size": 2048])
        #expect(finalized.status == 200)
        #expect(finalize(["chunk_extras": extrasOK, "file_extras": fileExtras, "size": 4196]).status == 409)
        #expect(harness.storage(.put, urls[0], body: Data(count: 10)).text.contains("NoSuchUpload"))
    }

    @Test func aNonFinalPartSmallerThanTheMinimumIsRefused() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let (fileID, uploadID) = try harness.startFile(packageID: package.id, token: package.token)
        let urls = try harness.chunkURLs(packageID: package.id, fileID: fileID, token: package.token,
            uploadID: uploadID, start: 0, count: 2)
        let first = try #require(harness.storage(.put, urls[0], body: Data(count: 1023)).headers["ETag"])
        let second = try #require(harness.storage(.put, urls[1], body: Data(count: 10)).headers["ETag"])
        let response = harness.api(.post, "/v1/packages/\(package.id)/files/\(fileID)/finalize",
            headers: ["X-Package-Token": package.token],
            json: ["chunk_extras": [["partNumber": 1, "etag": first], ["partNumber": 2, "etag": second]],
                   "file_extras": ["upload_id": uploadID], "size": 1033])
        #expect(response.status == 409)
    }

    @Test(arguments: ["start=-1&count=1", "start=0&count=0", "start=9999&count=2", "start=x&count=1",
        "start=9223372036854775807&count=9223372036854775807"])
    func chunkURLRequestsOutsideTheLimitsAre400(query: String) throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let (fileID, uploadID) = try harness.startFile(packageID: package.id, token: package.token)
        let response = harness.api(.post, "/v1/packages/\(package.id)/files/\(fileID)?\(query)",
            headers: ["X-Package-Token": package.token], json: ["upload_id": uploadID])
        #expect(response.status == 400)
        #expect(response.message != nil)
    }

    @Test func chunkURLsNeedAKnownUploadAndFile() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let (fileID, _) = try harness.startFile(packageID: package.id, token: package.token)
        let headers: HTTPHeaders = ["X-Package-Token": package.token]
        #expect(harness.api(.post, "/v1/packages/\(package.id)/files/\(fileID)?start=0&count=1", headers: headers,
            json: ["upload_id": "unknown"]).status == 404)
        #expect(harness.api(.post, "/v1/packages/\(package.id)/files/\(fileID)?start=0&count=1", headers: headers,
            json: [String: Any]()).status == 400)
        #expect(harness.api(.post, "/v1/packages/\(package.id)/files/NOFILE?start=0&count=1", headers: headers,
            json: ["upload_id": "unknown"]).status == 404)
        #expect(harness.api(.post, "/v1/packages/\(package.id)/files", headers: headers, json: ["kind": "file"])
            .status == 400)
    }

    @Test func afterFinalizeTheUploadCallsAnswer409() throws {
        let harness = MASVHarness()
        let package = try harness.finalizedTeamPackage()
        let headers: HTTPHeaders = ["X-Package-Token": package.token]
        #expect(harness.api(.post, "/v1/packages/\(package.id)/files", headers: headers, json: ["name": "late.mov"])
            .status == 409)
        #expect(harness.api(.post, "/v1/packages/\(package.id)/finalize", headers: headers).status == 409)
        #expect(harness.api(.post, "/v1/packages/\(package.id)/files/\(package.fileID)/finalize", headers: headers,
            json: ["chunk_extras": [[String: Any]](), "file_extras": ["upload_id": "x"], "size": 0]).status == 409)
    }

    @Test func aPackageWithAnUnfinalizedFileCannotBeFinalized() throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        _ = try harness.startFile(packageID: package.id, token: package.token)
        let response = harness.api(.post, "/v1/packages/\(package.id)/finalize", headers: ["X-Package-Token": package.token])
        #expect(response.status == 409)
        #expect(harness.masv.packageState(package.id) == "new")
    }

    @Test func chunksPutConcurrentlyAssembleInPartOrder() async throws {
        let harness = MASVHarness()
        let package = try harness.createTeamPackage()
        let (fileID, uploadID) = try harness.startFile(packageID: package.id, token: package.token)
        let data = MASVHarness.sample(count: 40 * 1024 + 7)
        let chunks = stride(from: 0, to: data.count, by: 1024).map { Data(data[$0..<min($0 + 1024, data.count)]) }
        let urls = try harness.chunkURLs(packageID: package.id, fileID: fileID, token: package.token,
            uploadID: uploadID, start: 0, count: chunks.count)
        let storage = harness.masv.storage
        let context = harness.context
        let etags = await withTaskGroup(of: (Int, String?).self) { group in
            for (index, (url, chunk)) in zip(urls, chunks).enumerated() {
                group.addTask {
                    let request = HTTPRequest(method: .put, url: URL(string: url) ?? context.origins.masvStorage, body: chunk)
                    return (index + 1, storage.respond(to: EmulatorRequest(request), context: context).headers["ETag"])
                }
            }
            var etags: [Int: String] = [:]
            for await (part, etag) in group { etags[part] = etag }
            return etags
        }
        #expect(etags.count == chunks.count)
        let extras = etags.sorted { $0.key < $1.key }.map { ["partNumber": $0.key, "etag": $0.value] as [String: Any] }
        let finalized = harness.api(.post, "/v1/packages/\(package.id)/files/\(fileID)/finalize",
            headers: ["X-Package-Token": package.token],
            json: ["chunk_extras": extras, "file_extras": ["upload_id": uploadID], "size": data.count, "chunk_size": 1024])
        #expect(finalized.status == 200)
        #expect(harness.masv.fileContents(packageID: package.id, fileID: fileID) == data)
        #expect(harness.masv.chunkUploadCount(packageID: package.id, fileID: fileID) == chunks.count)
    }
}
