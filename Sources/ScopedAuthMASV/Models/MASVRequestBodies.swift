import Foundation
import ScopedAuth

/// The JSON bodies the client sends (SERVICES.md section 1), encoded with sorted keys.
///
/// Credentials in a body stay `Secret` until the body is encoded, so no reflection of a body reveals them.
extension MASVWire {
    /// `POST /v1/auth`: `{"email", "password"}`.
    struct SignInRequest: Encodable, Sendable {
        var email: String
        var password: Secret

        private enum CodingKeys: String, CodingKey { case email, password }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(email, forKey: .email)
            try container.encode(password.revealed, forKey: .password)
        }
    }

    /// `POST /v1/teams/{team_id}/packages`: `{"name", "description", "recipients"}`.
    struct NewPackage: Encodable, Sendable {
        var name: String
        var description: String
        var recipients: [String]
    }

    /// `POST /v1/portals/{portal_id}/packages`: `{"name", "sender", "description"}`.
    struct NewPortalPackage: Encodable, Sendable {
        var name: String
        var sender: String
        var description: String
    }

    /// `POST /v1/packages/{id}/files`: `{"kind": "file", "name", "path", "last_modified"?}`.
    struct NewFile: Encodable, Sendable {
        var kind = "file"
        var name: String
        var path: String
        /// ISO 8601 with fractional seconds; omitted when unknown.
        var lastModified: String?

        init(name: String, path: String, lastModified: Date?) {
            self.name = name
            self.path = path
            self.lastModified = lastModified?.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }

        private enum CodingKeys: String, CodingKey {
            case kind, name, path
            case lastModified = "last_modified"
        }
    }

    /// `POST /v1/packages/{id}/files/{file_id}?start=&count=`: `{"upload_id"}`.
    struct ChunkURLsRequest: Encodable, Sendable {
        var uploadID: String

        private enum CodingKeys: String, CodingKey { case uploadID = "upload_id" }
    }

    /// `POST /v1/packages/{id}/files/{file_id}/finalize`:
    /// `{"chunk_extras": [{"partNumber", "etag"}], "file_extras": {"upload_id"}, "size", "chunk_size"}`.
    struct FinalizeFile: Encodable, Sendable {
        struct ChunkExtra: Encodable, Sendable {
            var partNumber: Int
            var etag: String
        }

        var chunkExtras: [ChunkExtra]
        var fileExtras: ChunkURLsRequest
        var size: Int64
        var chunkSize: Int64

        init(etags: [String], uploadID: String, size: Int64, chunkSize: Int64) {
            chunkExtras = etags.enumerated().map { ChunkExtra(partNumber: $0.offset + 1, etag: $0.element) }
            fileExtras = ChunkURLsRequest(uploadID: uploadID)
            self.size = size
            self.chunkSize = chunkSize
        }

        private enum CodingKeys: String, CodingKey {
            case chunkExtras = "chunk_extras", fileExtras = "file_extras", size, chunkSize = "chunk_size"
        }
    }

    /// `POST /v1/packages/{id}/links`: `{"email", "password"?}` (an empty email makes a direct-download link).
    struct NewLink: Encodable, Sendable {
        var email: String
        var password: Secret?

        private enum CodingKeys: String, CodingKey { case email, password }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(email, forKey: .email)
            try container.encodeIfPresent(password?.revealed, forKey: .password)
        }
    }

    /// `PUT /v1/packages/{id}/expiry`: `{"unlimited_storage": true}` or `{"unlimited_storage": false, "expiry"}`.
    struct ExpiryUpdate: Encodable, Sendable {
        var unlimitedStorage: Bool
        var expiry: String?

        private enum CodingKeys: String, CodingKey {
            case unlimitedStorage = "unlimited_storage", expiry
        }
    }

    /// `POST /v1/packages/{id}/transfer` to a team cloud connection: `{"cloud_connection_id", "direction"}`.
    struct TransferToConnection: Encodable, Sendable {
        var cloudConnectionID: String
        var direction: String

        private enum CodingKeys: String, CodingKey {
            case cloudConnectionID = "cloud_connection_id", direction
        }
    }

    /// `POST /v1/packages/{id}/transfer` with single-use storage credentials:
    /// `{"direction": "masv_to_cloud", "single_use_credentials": {"provider", "authorization": {...}}}`.
    struct TransferWithCredentials: Encodable, Sendable {
        struct Credentials: Encodable, Sendable {
            var provider: String
            var authorization: [String: Secret]

            private enum CodingKeys: String, CodingKey { case provider, authorization }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(provider, forKey: .provider)
                try container.encode(authorization.mapValues(\.revealed), forKey: .authorization)
            }
        }

        var direction: String
        var singleUseCredentials: Credentials

        private enum CodingKeys: String, CodingKey {
            case direction, singleUseCredentials = "single_use_credentials"
        }
    }
}
