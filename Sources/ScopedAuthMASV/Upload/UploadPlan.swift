import Foundation
import ScopedAuth

/// The files an upload sends: every regular file of the given URLs, folders walked, with their package paths.
///
/// It is made before anything is created, so a missing file fails the upload without side effects.
struct UploadPlan: Sendable {
    struct File: Sendable {
        var url: URL
        var name: String
        /// The folder path in the package, empty at the top.
        var folder: String
        var size: Int64
        var lastModified: Date?

        var packagePath: String { folder.isEmpty ? name : folder + "/" + name }
    }

    var files: [File]
    var totalBytes: Int64 { files.reduce(0) { $0 + $1.size } }

    init(_ urls: [URL]) throws(AuthError) {
        var files: [File] = []
        for url in urls {
            var isDirectory: ObjCBool = false
            guard url.isFileURL, FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw AuthError(.invalidRequest, service: MASVConnection.service, detail: "no file at \(url.path)")
            }
            if isDirectory.boolValue {
                files += try Self.walk(url)
            } else {
                files.append(try Self.file(url, folder: ""))
            }
        }
        guard !files.isEmpty else {
            throw AuthError(.invalidRequest, service: MASVConnection.service, detail: "there are no files to upload")
        }
        self.files = files
    }

    /// Every regular file below `root`, sorted by path, under the folder named like `root`.
    private static func walk(_ root: URL) throws(AuthError) -> [File] {
        let base = root.standardizedFileURL.resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else {
            throw AuthError(.invalidRequest, service: MASVConnection.service, detail: "cannot read folder \(root.path)")
        }
        var files: [File] = []
        for case let relative as String in enumerator {
            let url = base.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            let components = relative.split(separator: "/").map(String.init)
            let folder = ([base.lastPathComponent] + components.dropLast()).joined(separator: "/")
            files.append(try file(url, folder: folder))
        }
        return files.sorted { $0.packagePath < $1.packagePath }
    }

    private static func file(_ url: URL, folder: String) throws(AuthError) -> File {
        let attributes = try size(of: url)
        return File(url: url, name: url.lastPathComponent, folder: folder, size: attributes.size,
                    lastModified: attributes.modified)
    }

    /// The file's size and modification date now.
    static func size(of url: URL) throws(AuthError) -> (size: Int64, modified: Date?) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let size = (attributes[.size] as? NSNumber)?.int64Value
        else {
            throw AuthError(.invalidRequest, service: MASVConnection.service, detail: "cannot read \(url.path)")
        }
        return (size, attributes[.modificationDate] as? Date)
    }
}
