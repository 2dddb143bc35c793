import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore
import ScopedAuth
import ScopedAuthTesting

/// Turns a Hummingbird request into a ScopedAuth `HTTPRequest` for the emulator, and its answer back.
struct EmulatorHTTPBridge: Sendable {
    /// The largest request body read; MASV chunks are far smaller.
    static let maximumBodySize = 256 * 1024 * 1024
    /// Headers that describe the HTTP/1.1 connection rather than the message; Hummingbird writes its own.
    static let connectionHeaders: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive"]

    let emulator: Emulator
    /// `http://host:port` of the origin this server stands for, without a trailing slash.
    let baseURL: URL

    func respond(
        to request: HummingbirdCore.Request,
        writer: consuming ResponseWriter,
        channel: any Channel
    ) async throws {
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumBodySize)
        guard let emulatorRequest = convert(request, body: body) else {
            try await writer.write(response: HTTPTypes.HTTPResponse(status: .badRequest), body: ResponseBody())
            return
        }
        let answer: ScopedAuth.HTTPResponse
        do {
            answer = try await emulator.handle(emulatorRequest)
        } catch let error as EmulatorTransportError where error == .connectionDropped {
            // A dropped connection has no response at all: close the socket so the client sees what a real
            // network failure looks like.
            try? await channel.close()
            return
        }
        let response = convert(answer)
        try await writer.write(response: response.head, body: response.body)
    }

    private func convert(_ request: HummingbirdCore.Request, body: ByteBuffer) -> ScopedAuth.HTTPRequest? {
        let target = request.head.path ?? "/"
        guard let url = URL(string: baseURL.absoluteString + (target.hasPrefix("/") ? target : "/" + target)) else {
            return nil
        }
        var headers = ScopedAuth.HTTPHeaders()
        for field in request.headers {
            headers.add(name: field.name.rawName, value: field.value)
        }
        return ScopedAuth.HTTPRequest(
            method: ScopedAuth.HTTPMethod(rawValue: request.method.rawValue),
            url: url,
            headers: headers,
            body: body.readableBytes > 0 ? Data(body.readableBytesView) : nil
        )
    }

    private func convert(_ response: ScopedAuth.HTTPResponse) -> HummingbirdCore.Response {
        var fields = HTTPFields()
        for field in response.headers where !Self.connectionHeaders.contains(field.name.lowercased()) {
            guard let name = HTTPField.Name(field.name) else { continue }
            fields.append(HTTPField(name: name, value: field.value))
        }
        return HummingbirdCore.Response(
            status: HTTPTypes.HTTPResponse.Status(code: response.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body))
        )
    }
}
