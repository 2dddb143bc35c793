import Foundation

/// The JSON shapes MASV answers (SERVICES.md section 1), decoded with snake_case keys.
///
/// They stay internal: the public models expose only what a caller needs, and tokens never leave a handle.
enum MASVWire {
    struct Team: Decodable {
        var id: String
        var name: String?
        var subdomain: String?
    }

    struct SignIn: Decodable {
        var teams: [Team]
        var token: String
    }

    struct Package: Decodable {
        var id: String
        var name: String?
        var description: String?
        var state: String?
        var size: Int64?
        var totalFiles: Int?
        var expiry: String?
        var unlimitedStorage: Bool?
        var accessToken: String?
    }

    struct File: Decodable {
        var id: String
        var kind: String?
        var name: String
        var path: String?
        var size: Int64?
        var state: String?
    }

    struct Blueprint: Decodable {
        var url: String
        var method: String?
        var headers: [String: String]?
        var body: String?
    }

    struct AddedFile: Decodable {
        var file: File
        var createBlueprint: Blueprint
        var maxChunksCount: Int?
        var maxChunkSize: Int64?
        var minChunkSize: Int64?
    }

    struct Link: Decodable {
        var id: String
        var secret: String?
        var packageId: String?
        var active: Bool?
        var passwordProtected: Bool?
        var expiry: String?
    }

    struct RedeemedLink: Decodable {
        var id: String
        var packageId: String
        var packageToken: String
    }

    struct Transfer: Decodable {
        var id: String
        var packageId: String?
        var state: String
        var direction: String?
        var provider: String?
        var cloudConnectionId: String?
        var retries: Int?
        var accessToken: String?
    }

    struct DownloadURL: Decodable {
        var url: String
    }

    struct Portal: Decodable {
        var id: String
    }

    /// An ISO 8601 date with or without fractional seconds.
    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
