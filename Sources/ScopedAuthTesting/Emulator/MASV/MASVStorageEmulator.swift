import Foundation
package import ScopedAuth

/// MASV's presigned storage origin: it creates multipart uploads, stores chunks, answers their `ETag`s and
/// serves finalized files, accepting only what the API presigned (S3-style XML answers and errors).
///
/// It refuses, with 403, every request that carries a MASV credential header (`X-User-Token`, `X-API-KEY`,
/// `X-Package-Token`, `X-Transfer-Token`, `X-Link-Password`, `Authorization`, or another header in
/// `HTTPHeaders.credentialHeaderNames`) and counts it in ``credentialLeaks``, so a client test can assert that
/// no credential ever left for storage:
///
/// ```swift
/// #expect(masv.storage.credentialLeaks == 0)
/// ```
///
/// Get one from ``MASVEmulator/storage``; it shares that emulator's account.
public final class MASVStorageEmulator: EmulatedService, Sendable {
    let model: MASVModel

    init(model: MASVModel) {
        self.model = model
    }

    /// ``EmulatedServiceID/masvStorage``.
    public var id: EmulatedServiceID { .masvStorage }

    /// How many requests arrived carrying a credential header (each was refused).
    public var credentialLeaks: Int { model.state.withLock { $0.leakedCredentialHeaders.count } }

    /// The names of the credential headers that arrived, in arrival order, one entry per header per request.
    public var leakedCredentialHeaders: [String] { model.state.withLock { $0.leakedCredentialHeaders.flatMap(\.self) } }

    /// Answers one storage request.
    package func respond(to request: EmulatorRequest, context: EmulatorContext) -> HTTPResponse {
        let configuration = model.configuration
        return model.state.withLock { state in
            let leaked = request.http.headers.map(\.name).filter {
                HTTPHeaders.credentialHeaderNames.contains($0.lowercased())
            }
            if !leaked.isEmpty {
                state.leakedCredentialHeaders.append(leaked)
                return Self.error(403, "AccessDenied", "presigned requests must not carry credentials: "
                    + leaked.joined(separator: ", "))
            }
            if request.method == .post, request.query["uploads"] != nil {
                return state.createMultipartUpload(request, context)
            }
            if request.method == .put, request.query["partNumber"] != nil {
                return state.storePart(request, context, maxChunkSize: configuration.maxChunkSize)
            }
            if request.method == .get {
                return state.serveDownload(request, context)
            }
            return Self.error(405, "MethodNotAllowed", "\(request.method) is not allowed here")
        }
    }

    /// An S3-style XML error, used for injected faults too.
    package func errorResponse(status: Int, message: String) -> HTTPResponse {
        Self.error(status, status == 403 ? "AccessDenied" : "InternalError", message)
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        xml(status: status, "<Error><Code>\(code)</Code><Message>\(escape(message))</Message></Error>")
    }

    static func xml(status: Int = 200, _ body: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = "application/xml"
        return HTTPResponse(
            status: status, headers: headers,
            body: Data(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).utf8)
        )
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
