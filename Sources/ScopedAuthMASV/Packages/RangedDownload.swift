import Foundation
import ScopedAuth

/// Streams a presigned download to disk range by range, holding at most one range in memory.
struct RangedDownload {
    let connection: MASVConnection
    let source: URL
    let rangeSize: Int

    func write(to destination: URL) async throws -> Int64 {
        let partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw AuthError(.invalidRequest, service: MASVConnection.storageService,
                            detail: "cannot create \(partial.lastPathComponent) in \(destination.deletingLastPathComponent().path)")
        }
        do {
            let written = try await fill(partial)
            if FileManager.default.fileExists(atPath: destination.path) {
                try FileManager.default.removeItem(at: destination)
            }
            try FileManager.default.moveItem(at: partial, to: destination)
            return written
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    private func fill(_ partial: URL) async throws -> Int64 {
        let handle = try FileHandle(forWritingTo: partial)
        defer { try? handle.close() }
        var offset: Int64 = 0
        while true {
            try Task.checkCancellation()
            var request = HTTPRequest(method: .get, url: source)
            request.headers["Range"] = "bytes=\(offset)-\(offset + Int64(rangeSize) - 1)"
            let response = try await MASVConnection.perform(
                request, through: connection.storage, service: MASVConnection.storageService
            )
            switch response.status {
            case 206:
                try handle.write(contentsOf: response.body)
                offset += Int64(response.body.count)
                guard let total = Self.totalLength(response), offset < total, !response.body.isEmpty else { return offset }
            case 200:
                // The server ignored the range and sent the whole file.
                try handle.truncate(atOffset: 0)
                try handle.write(contentsOf: response.body)
                return Int64(response.body.count)
            case 416 where offset > 0:
                return offset
            default:
                throw response.error(service: MASVConnection.storageService, messageKeys: [])
            }
        }
    }

    /// The total from `Content-Range: bytes a-b/total`.
    static func totalLength(_ response: HTTPResponse) -> Int64? {
        guard let range = response.headers["Content-Range"], let slash = range.lastIndex(of: "/") else { return nil }
        return Int64(range[range.index(after: slash)...])
    }
}
