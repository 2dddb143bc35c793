import Foundation
import ScopedAuth

/// MASV transfers to and from cloud connections (SERVICES.md 1.9 and section 7).
///
/// Starting a transfer: `POST /v1/packages/{id}/transfer` with body
/// `{"cloud_connection_id": "...", "direction": "masv_to_cloud" | "cloud_to_masv"}` for a management (`f`) token,
/// or `{"single_use_credentials": {"provider": "amazon_s3", "authorization": {...}}}` for a management or a
/// download (`d`) token. A download token must send `single_use_credentials`, may not name a team cloud
/// connection and may only copy out of MASV; otherwise 403. The answer is 201 `{id, state:"started",
/// access_token, ...}` where `access_token` is the transfer token (`typ:"transfer"`). That token, and only that
/// token, reads, retries and cancels its transfer.
extension MASVState {
    /// `POST /v1/packages/{id}/transfer` → 201 the transfer with its `access_token`.
    mutating func startTransfer(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let caller = try requirePackage(
            call, packageID: call.capture(0), levels: [.full, .download], action: "start a transfer"
        )
        var package = caller.package
        let level = caller.level
        let body = try call.body()
        let direction = try call.string("direction", in: body) ?? "masv_to_cloud"
        guard direction == "masv_to_cloud" || direction == "cloud_to_masv" else {
            throw .badRequest("direction must be masv_to_cloud or cloud_to_masv")
        }
        let connectionID = try call.string("cloud_connection_id", in: body)
        var provider: String?
        if let credentials = body["single_use_credentials"], !(credentials is NSNull) {
            guard let object = credentials as? [String: Any], let name = object["provider"] as? String, !name.isEmpty
            else { throw .badRequest("single_use_credentials must be an object with a provider") }
            provider = name
        }
        if level == .download {
            guard provider != nil else {
                throw .forbidden("a download (d) package token may start a transfer only with single_use_credentials")
            }
            guard connectionID == nil else { throw .forbidden("a download (d) package token may not use team cloud connections") }
            guard direction == "masv_to_cloud" else { throw .forbidden("a download (d) package token may not upload") }
        }
        if let connectionID {
            guard let connection = cloudConnections[connectionID], connection.teamID == package.teamID else {
                throw .notFound("cloud connection \(connectionID) not found")
            }
            provider = provider ?? connection.provider
        }
        guard let provider else { throw .badRequest("cloud_connection_id or single_use_credentials is required") }
        switch (direction, package.status) {
        case ("masv_to_cloud", .new): throw .conflict("package \(package.id) is not finalized")
        case ("cloud_to_masv", .finalized): throw .conflict("package \(package.id) is finalized")
        default: break
        }
        let transfer = MASVTransfer(
            id: call.context.mint.ulid(), packageID: package.id, cloudConnectionID: connectionID, provider: provider,
            direction: direction, usesSingleUseCredentials: body["single_use_credentials"] is [String: Any],
            state: .started, retries: 0, createdAt: call.now, updatedAt: call.now
        )
        transfers[transfer.id] = transfer
        package.transferIDs.append(transfer.id)
        packages[package.id] = package
        let token = issueTransferToken(for: transfer, package: package, call)
        return .json(status: 201, transferJSON(transfer, accessToken: token))
    }

    /// `GET /v1/packages/{id}/transfer` (management token only) → 200 array of the package's transfers.
    func listTransfers(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        let package = try requirePackage(
            call, packageID: call.capture(0), levels: [.full], action: "list transfers"
        ).package
        return .json(package.transferIDs.compactMap { transfers[$0].map { transferJSON($0) } })
    }

    /// `GET /v1/transfers/{id}` with that transfer's `X-Transfer-Token` → 200 the transfer.
    func transferStatus(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        .json(transferJSON(try requireTransfer(call, transferID: call.capture(0))))
    }

    /// `POST /v1/transfers/{id}/retry` → 200 the transfer, `started` again; only from `error` or `cancelled`
    /// (else 409).
    mutating func retryTransfer(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        var transfer = try requireTransfer(call, transferID: call.capture(0))
        guard transfer.state == .error || transfer.state == .cancelled else {
            throw .conflict("a \(transfer.state) transfer cannot be retried")
        }
        transfer.state = .started
        transfer.retries += 1
        transfer.updatedAt = call.now
        transfers[transfer.id] = transfer
        return .json(transferJSON(transfer))
    }

    /// `POST /v1/transfers/{id}/cancel` → 200 the transfer, `cancelled`; only from `pending`, `started` or
    /// `error` (else 409).
    mutating func cancelTransfer(_ call: MASVCall) throws(MASVFailure) -> HTTPResponse {
        var transfer = try requireTransfer(call, transferID: call.capture(0))
        guard [.pending, .started, .error].contains(transfer.state) else {
            throw .conflict("a \(transfer.state) transfer cannot be cancelled")
        }
        transfer.state = .cancelled
        transfer.updatedAt = call.now
        transfers[transfer.id] = transfer
        return .json(transferJSON(transfer))
    }
}
