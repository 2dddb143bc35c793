import ScopedAuth

/// One MASV API endpoint: a method, a path pattern whose `*` segments are captured, and its handler.
struct MASVRoute: Sendable {
    typealias Handler = @Sendable (inout MASVState, MASVCall) throws(MASVFailure) -> HTTPResponse

    var method: HTTPMethod
    var pattern: [Substring]
    var handle: Handler

    init(_ method: HTTPMethod, _ pattern: String, _ handle: @escaping Handler) {
        self.method = method
        self.pattern = pattern.split(separator: "/")
        self.handle = handle
    }

    /// The captured segments when `path` fits the pattern.
    func captures(_ path: [String]) -> [String]? {
        guard path.count == pattern.count else { return nil }
        var captures: [String] = []
        for (segment, expected) in zip(path, pattern) {
            if expected == "*" {
                captures.append(segment)
            } else if segment != expected {
                return nil
            }
        }
        return captures
    }

    /// Every endpoint the emulated MASV API answers.
    static let api: [MASVRoute] = [
        MASVRoute(.post, "v1/auth") { state, call throws(MASVFailure) in try state.signIn(call) },
        MASVRoute(.post, "v1/teams/*/api_keys") { state, call throws(MASVFailure) in try state.createAPIKey(call) },
        MASVRoute(.post, "v1/teams/*/packages") { state, call throws(MASVFailure) in try state.createTeamPackage(call) },
        MASVRoute(.get, "v1/teams/*/packages") { state, call throws(MASVFailure) in
            try state.listTeamPackagesLegacy(call)
        },
        MASVRoute(.get, "v1.1/teams/*/packages") { state, call throws(MASVFailure) in try state.listTeamPackages(call) },
        MASVRoute(.get, "v1.1/teams/*/packages/*") { state, call throws(MASVFailure) in try state.getTeamPackage(call) },
        MASVRoute(.get, "v1/teams/*/cloud_connections") { state, call throws(MASVFailure) in
            try state.listCloudConnections(call)
        },
        MASVRoute(.get, "v1/subdomains/portals/*") { state, call throws(MASVFailure) in try state.resolvePortal(call) },
        MASVRoute(.post, "v1/portals/*/packages") { state, call throws(MASVFailure) in
            try state.createPortalPackage(call)
        },
        MASVRoute(.get, "v1/packages/*") { state, call throws(MASVFailure) in try state.packageDetails(call) },
        MASVRoute(.delete, "v1/packages/*") { state, call throws(MASVFailure) in try state.deletePackage(call) },
        MASVRoute(.post, "v1/packages/*/files") { state, call throws(MASVFailure) in try state.addFile(call) },
        MASVRoute(.get, "v1/packages/*/files") { state, call throws(MASVFailure) in try state.listFiles(call) },
        MASVRoute(.post, "v1/packages/*/files/*") { state, call throws(MASVFailure) in try state.chunkURLs(call) },
        MASVRoute(.post, "v1/packages/*/files/*/finalize") { state, call throws(MASVFailure) in
            try state.finalizeFile(call)
        },
        MASVRoute(.get, "v1/packages/*/files/*/download") { state, call throws(MASVFailure) in
            try state.downloadURL(call)
        },
        MASVRoute(.post, "v1/packages/*/finalize") { state, call throws(MASVFailure) in try state.finalizePackage(call) },
        MASVRoute(.post, "v1/packages/*/links") { state, call throws(MASVFailure) in try state.createLink(call) },
        MASVRoute(.put, "v1/packages/*/expiry") { state, call throws(MASVFailure) in try state.updateExpiry(call) },
        MASVRoute(.get, "v1/packages/*/transfer") { state, call throws(MASVFailure) in try state.listTransfers(call) },
        MASVRoute(.post, "v1/packages/*/transfer") { state, call throws(MASVFailure) in try state.startTransfer(call) },
        MASVRoute(.get, "v1/links/*") { state, call throws(MASVFailure) in try state.redeemLink(call) },
        MASVRoute(.get, "v1/transfers/*") { state, call throws(MASVFailure) in try state.transferStatus(call) },
        MASVRoute(.post, "v1/transfers/*/retry") { state, call throws(MASVFailure) in try state.retryTransfer(call) },
        MASVRoute(.post, "v1/transfers/*/cancel") { state, call throws(MASVFailure) in try state.cancelTransfer(call) },
    ]
}
