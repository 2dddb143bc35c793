import Foundation
import ScopedAuth

/// Presigned URLs on the storage origin: the API signs an action on one file, the storage origin accepts exactly
/// that action until the URL expires. The signature is a random value the emulator remembers (as for tokens).
extension MASVState {
    mutating func presign(
        _ action: MASVPresignedURL.Action, packageID: String, fileID: String, _ call: MASVCall
    ) -> URL {
        let signature = call.context.mint.secret(length: 64)
        let lifetime = call.configuration.presignedURLLifetime
        presignedURLs[signature] = MASVPresignedURL(
            action: action, packageID: packageID, fileID: fileID,
            expiresAt: call.now.addingTimeInterval(lifetime.timeInterval)
        )
        let base = call.context.origins.masvStorage
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false) ?? URLComponents()
        let prefix = components.percentEncodedPath.hasSuffix("/")
            ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        components.percentEncodedPath = prefix + "/packages/\(packageID)/\(fileID)"
        var items: [URLQueryItem] = []
        switch action {
        case .createUpload: items.append(URLQueryItem(name: "uploads", value: nil))
        case .uploadPart(let uploadID, let partNumber):
            items.append(URLQueryItem(name: "partNumber", value: String(partNumber)))
            items.append(URLQueryItem(name: "uploadId", value: uploadID))
        case .download: break
        }
        items.append(URLQueryItem(name: "X-Amz-Algorithm", value: "AWS4-HMAC-SHA256"))
        items.append(URLQueryItem(name: "X-Amz-Expires", value: String(lifetime.components.seconds)))
        items.append(URLQueryItem(name: "X-Amz-Signature", value: signature))
        components.queryItems = items
        return components.url ?? base
    }

    /// A presigned request's signature must exist, be unexpired, and sign exactly this method, file and part.
    func verifyPresigned(
        _ request: EmulatorRequest, expected: MASVPresignedURL.Action, now: Date
    ) -> MASVPresignedURL? {
        guard let signature = request.query["X-Amz-Signature"], let signed = presignedURLs[signature],
            signed.expiresAt > now, signed.action == expected,
            request.pathComponents.suffix(3) == ["packages", signed.packageID, signed.fileID]
        else { return nil }
        return signed
    }
}
