import Foundation

/// Minting MASV's JWTs (SERVICES.md section 7) and remembering what each grants.
extension MASVState {
    /// A user JWT (`sub` = user id, `imp`, `ext`), accepted for the configured user-token lifetime.
    mutating func issueUserToken(for user: MASVUser, _ call: MASVCall) -> (token: String, expiresAt: Date) {
        let expiresAt = call.now.addingTimeInterval(call.configuration.userTokenLifetime.timeInterval)
        let token = call.context.mint.sessionToken(
            for: .masv, subject: user.id, issuedAt: call.now, expiresAt: expiresAt,
            claims: ["imp": false, "ext": [String: String]()]
        )
        tokens[token] = MASVIssuedToken(grant: .user(userID: user.id), expiresAt: expiresAt)
        return (token, expiresAt)
    }

    /// When the package's tokens stop working: the end of its storage.
    func packageTokenExpiry(_ package: MASVPackage, _ call: MASVCall) -> Date {
        package.expiry ?? call.now.addingTimeInterval(call.configuration.unlimitedStorageTokenLifetime.timeInterval)
    }

    /// A package token (`typ:"package"`, `sub` = package id, `lvl`, and `lid` for link tokens).
    mutating func issuePackageToken(
        for package: MASVPackage, level: MASVPackageLevel, linkID: String? = nil, userID: String? = nil,
        _ call: MASVCall
    ) -> String {
        let expiresAt = packageTokenExpiry(package, call)
        var claims: [String: any Sendable] = ["typ": "package", "lvl": level.rawValue, "imp": false]
        if let linkID { claims["lid"] = linkID }
        if let userID { claims["uid"] = userID }
        let token = call.context.mint.mint(
            subject: package.id, issuedAt: call.now, expiresAt: expiresAt, claims: claims
        ).token
        tokens[token] = MASVIssuedToken(
            grant: .package(packageID: package.id, level: level, linkID: linkID), expiresAt: expiresAt
        )
        return token
    }

    /// A transfer token (`typ:"transfer"`, `sub` = transfer id), living as long as the package's tokens.
    mutating func issueTransferToken(for transfer: MASVTransfer, package: MASVPackage, _ call: MASVCall) -> String {
        let expiresAt = packageTokenExpiry(package, call)
        let token = call.context.mint.mint(
            subject: transfer.id, issuedAt: call.now, expiresAt: expiresAt, claims: ["typ": "transfer"]
        ).token
        tokens[token] = MASVIssuedToken(grant: .transfer(transferID: transfer.id), expiresAt: expiresAt)
        return token
    }
}
