import Foundation
import ScopedAuth

/// Package-level MASV routes besides uploads, links and transfers (SERVICES.md 1.7, 1.10), with the rights of
/// section 7: details and file lists for `f` and `d`, download URLs for `d` only, expiry and delete for `f` only.
extension MASVState {
    /// `GET /v1/packages/{id}` → 200 the package (no token in it).
    func packageDetails(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let package = try requirePackage(
            call, packageID: call.capture(0), levels: [.full, .download], action: "read package details"
        ).package
        return .json(packageJSON(package, now: call.now))
    }

    /// `GET /v1/packages/{id}/files` → 200 array of files.
    func listFiles(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let package = try requirePackage(
            call, packageID: call.capture(0), levels: [.full, .download], action: "list files"
        ).package
        return .json(package.fileIDs.compactMap { files[$0].map(fileJSON) })
    }

    /// `GET /v1/packages/{id}/files/{file_id}/download` → 200 `{url}`, a presigned GET on the storage origin.
    mutating func downloadURL(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let package = try requirePackage(
            call, packageID: call.capture(0), levels: [.download], action: "get download URLs"
        ).package
        guard let file = files[call.capture(1)], file.packageID == package.id else {
            throw .notFound("file \(call.capture(1)) not found in package \(package.id)")
        }
        guard file.isFinalized else { throw .conflict("file \(file.id) is not finalized") }
        let url = presign(.download, packageID: package.id, fileID: file.id, call)
        return .json(["url": url.absoluteString])
    }

    /// `PUT /v1/packages/{id}/expiry` `{"unlimited_storage": true}` or `{"unlimited_storage": false, "expiry":
    /// "ISO 8601"}` → 200 the package. The expiry must lie in the future. Tokens already issued keep their `exp`.
    mutating func updateExpiry(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        var package = try requirePackage(
            call, packageID: call.capture(0), levels: [.full], action: "edit the expiry"
        ).package
        let body = try call.body()
        let unlimited = body["unlimited_storage"]
        if let unlimited, !(unlimited is NSNull), !MASVCall.isBoolean(unlimited) {
            throw .badRequest("unlimited_storage must be a boolean")
        }
        if let unlimited, MASVCall.isBoolean(unlimited), unlimited as? Bool == true {
            package.expiry = nil
        } else {
            guard let text = try call.string("expiry", in: body), let expiry = MASVTimestamp.parse(text) else {
                throw .badRequest("expiry (ISO 8601) is required unless unlimited_storage is true")
            }
            guard expiry > call.now else { throw .badRequest("expiry must be in the future") }
            package.expiry = expiry
        }
        package.updatedAt = call.now
        packages[package.id] = package
        return .json(packageJSON(package, now: call.now))
    }

    /// `DELETE /v1/packages/{id}` → 204; afterwards every token for the package answers 401.
    mutating func deletePackage(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let package = try requirePackage(
            call, packageID: call.capture(0), levels: [.full], action: "delete the package"
        ).package
        deletePackage(package.id)
        return HTTPResponse(status: 204)
    }
}
