import Foundation
import ScopedAuth

/// MASV download links (SERVICES.md 1.7): a management token creates them; link credentials (id, secret and
/// an optional password) buy a download token (`lvl:"d"`, carrying `lid`).
extension MASVState {
    /// `POST /v1/packages/{id}/links` `{email?, password?}` → 201 the link with its `id` and `secret`.
    ///
    /// Links may be made while the package is being uploaded; they work once it is finalized.
    mutating func createLink(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        var package = try requirePackage(
            call, packageID: call.capture(0), levels: [.full], action: "create links"
        ).package
        let body = try call.body()
        let password = try call.string("password", in: body)
        let link = MASVLink(
            id: call.context.mint.ulid(), packageID: package.id, secret: call.context.mint.secret(length: 32),
            password: password?.isEmpty == false ? password : nil, email: try call.string("email", in: body),
            createdAt: call.now
        )
        links[link.id] = link
        package.linkIDs.append(link.id)
        packages[package.id] = package
        return .json(status: 201, linkJSON(link, package: package))
    }

    /// `GET /v1/links/{link_id}?secret=...` (+ `X-Link-Password` when the link has one) → 200 `{id, package_id,
    /// package_token, expiry, name, package_size, ...}`.
    ///
    /// Unknown link: 404. Wrong or missing secret: 401. Wrong or missing password: 403. Package not yet
    /// finalized (the link is inactive): 403. Expired package: 404.
    mutating func redeemLink(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        guard let link = links[call.capture(0)], let package = packages[link.packageID] else {
            throw .notFound("link \(call.capture(0)) not found")
        }
        guard let secret = call.request.query["secret"], Secret(secret) == Secret(link.secret) else {
            throw .unauthorized("wrong link secret")
        }
        if let password = link.password {
            guard let given = call.request.header("X-Link-Password"), Secret(given) == Secret(password) else {
                throw .forbidden("wrong or missing link password")
            }
        }
        guard package.status == .finalized else { throw .forbidden("the link is inactive until the package is finalized") }
        if let expiry = package.expiry, expiry <= call.now { throw .notFound("the package has expired") }
        let token = issuePackageToken(for: package, level: .download, linkID: link.id, call)
        return .json([
            "branding": ["primary_color": "#1DD4CA"], "expiry": MASVTimestamp.format(package.expiry), "id": link.id,
            "name": package.name, "package_id": package.id, "package_size": packageSize(package),
            "package_token": token, "recipient_email": link.email ?? "", "sender_email": package.sender,
        ])
    }
}
