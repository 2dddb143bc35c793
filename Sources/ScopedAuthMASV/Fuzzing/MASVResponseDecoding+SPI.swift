import Foundation
public import ScopedAuth

/// The fuzzing seam of the MASV client: every function that turns a MASV or storage answer into a value or an
/// error, callable on a bare ``HTTPResponse`` without a client, a network or a task.
///
/// Not API: it exists for the libFuzzer targets in `Fuzz/` (`@_spi(Fuzzing) import ScopedAuthMASV`). Each case
/// runs the exact functions the client runs on that answer (status check, JSON decoding, model mapping), so a
/// finding here is a finding in the client.
@_spi(Fuzzing) public enum MASVResponseDecoding {
    /// One kind of answer the client reads.
    public enum Answer: CaseIterable, Sendable {
        /// `POST /v1/auth`: the user token and teams.
        case signIn
        /// A package with its access token (create, get, portal package): the handle built from it.
        case packageHandle
        /// A package's details (details, expiry, finalize).
        case package
        /// `GET /v1/packages/{id}/files`.
        case files
        /// `GET …/files/{file_id}/download`: the presigned URL.
        case downloadURL
        /// `POST /v1/packages/{id}/links`.
        case link
        /// `GET /v1/links/{id}`: the redeemed link's package token.
        case redeemedLink
        /// `POST /v1/packages/{id}/transfer`: the transfer handle and its token.
        case startedTransfer
        /// A transfer's status (status, cancel, retry).
        case transfer
        /// `GET /v1/packages/{id}/transfer`.
        case transfers
        /// `POST /v1/packages/{id}/files`: the added file, and the chunk layout its limits give.
        case addedFile
        /// The storage answer to a create-multipart-upload blueprint: the `UploadId` in XML.
        case uploadID
        /// `POST …/files/{file_id}?start=&count=`: chunk blueprints, and the storage requests they describe.
        case chunkBlueprints
        /// `GET /v1/subdomains/portals/{subdomain}`.
        case portal
        /// A ranged storage download: the `Content-Range` total.
        case rangedDownload
    }

    /// Reads `response` as the client reads `answer`.
    ///
    /// - Parameters:
    ///   - answer: Which answer `response` stands for.
    ///   - response: The status, headers and body to read.
    /// - Returns: What the client would get (a model, a handle, a URL), for the caller to inspect.
    /// - Throws: Whatever the client throws for this answer; the fuzz targets require an ``AuthError``.
    public static func decode(_ answer: Answer, _ response: HTTPResponse) throws -> any Sendable {
        switch answer {
        case .signIn:
            let (token, teams) = try MASVUserExchange.signIn(MASVConnection.successful(response))
            return "\(token) \(teams)"
        case .packageHandle:
            let wire = try MASVConnection.successful(response).decodeMASV(MASVWire.Package.self)
            let handle: PackageHandle<ManagementAccess> = try MASVPackages.handle(wire, connection: connection)
            return handle.description
        case .package:
            return MASVPackage(try MASVConnection.successful(response).decodeMASV(MASVWire.Package.self))
        case .files:
            return try MASVConnection.successful(response).decodeMASV([MASVWire.File].self).map(MASVFile.init)
        case .downloadURL:
            return try MASVWire.DownloadURL.read(MASVConnection.successful(response))
        case .link:
            return MASVLink(try MASVConnection.successful(response).decodeMASV(MASVWire.Link.self))
        case .redeemedLink:
            return try MASVConnection.successful(response).decodeMASV(MASVWire.RedeemedLink.self).packageId
        case .startedTransfer:
            return try TransferHandle(started: MASVConnection.successful(response), connection: connection).initial
        case .transfer:
            return MASVTransfer(try MASVConnection.successful(response).decodeMASV(MASVWire.Transfer.self))
        case .transfers:
            return try MASVConnection.successful(response).decodeMASV([MASVWire.Transfer].self).map(MASVTransfer.init)
        case .addedFile:
            let added = try MASVConnection.successful(response).decodeMASV(MASVWire.AddedFile.self)
            // The layouts of an empty, a small and a very large file, with and without a requested chunk size.
            return [Int64(0), 40, Int64.max / 2].flatMap { size in
                [nil, 1, Int.max].map { ChunkLayout(fileSize: size, requested: $0, limits: added) }
            }
        case .uploadID:
            return try Uploader.uploadID(from: Uploader.successfulStorage(response))
        case .chunkBlueprints:
            let count = max(1, response.body.count % 4)
            let blueprints = try Uploader.chunkBlueprints(
                from: MASVConnection.successful(response), count: count, firstPart: 1)
            return try blueprints.values.map { blueprint throws(AuthError) in
                try Uploader.storageRequest(blueprint, body: nil, defaultMethod: .put).description
            }
        case .portal:
            return try MASVConnection.successful(response).decodeMASV(MASVWire.Portal.self).id
        case .rangedDownload:
            return RangedDownload.totalLength(response) ?? -1
        }
    }

    private typealias Uploader = PackageUploader<ManagementAccess>

    /// A connection for handles that are built but never used: no request is ever sent through it.
    private static let connection = MASVConnection(
        baseURL: MASVClient.productionBaseURL, origin: HTTPOrigin(MASVClient.productionBaseURL), transport: Unreachable(),
        clock: SystemAuthClock(), retryPolicy: .none)

    /// A transport that is never called: decoding sends nothing.
    private struct Unreachable: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            throw AuthError(.invalidRequest, service: MASVConnection.service, detail: "decoding sends no request")
        }
    }
}
