import Foundation
import Hummingbird
import ScopedAuth
import ScopedAuthMASV
import ScopedAuthSpacelift

/// `GET /stacks`: the Spacelift stacks the API key can see.
struct StackList: ResponseEncodable {
    struct Stack: Codable {
        var id: String
        var name: String
        var state: String
        var branch: String
    }
    var stacks: [Stack]
}

/// `POST /uploads?name=<file name>`: the MASV package that now holds the request body as one file.
struct UploadReceipt: ResponseEncodable {
    var packageID: String
    var fileName: String
    var bytes: Int
}

/// The app's routes over the injected clients.
struct ExampleRoutes: Sendable {
    let clients: ScopedAuthClients

    func register(on router: Router<BasicRequestContext>) {
        router.get("health") { _, _ in "ok" }
        router.get("stacks") { _, _ in try await stacks() }
        router.post("uploads") { request, _ in try await upload(request) }
    }

    func stacks() async throws -> StackList {
        do {
            let stacks = try await clients.spacelift.stacks()
            return StackList(stacks: stacks.map {
                StackList.Stack(id: $0.id, name: $0.name, state: $0.state, branch: $0.branch)
            })
        } catch let error as AuthError {
            throw HTTPError(.badGateway, message: "Spacelift: \(error)")
        }
    }

    /// Streams the body to a temporary file, uploads it as a new package, and removes the file.
    func upload(_ request: Request) async throws -> UploadReceipt {
        let requested = request.uri.queryParameters.get("name") ?? "upload.bin"
        let fileName = URL(fileURLWithPath: requested).lastPathComponent
        guard !fileName.isEmpty, fileName != "/", fileName != "..", fileName != "." else {
            throw HTTPError(.badRequest, message: "name must be a file name")
        }
        let folder = FileManager.default.temporaryDirectory.appending(path: "scopedauth-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: fileName)
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw HTTPError(.internalServerError, message: "cannot stage the upload")
        }
        let handle = try FileHandle(forWritingTo: file)
        var bytes = 0
        do {
            for try await buffer in request.body {
                bytes += buffer.readableBytes
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        do {
            let package = try await clients.masv.packages.upload([file], team: clients.masvTeamID, name: fileName).value
            return UploadReceipt(packageID: package.id, fileName: fileName, bytes: bytes)
        } catch let error as AuthError {
            throw HTTPError(.badGateway, message: "MASV: \(error)")
        }
    }
}
