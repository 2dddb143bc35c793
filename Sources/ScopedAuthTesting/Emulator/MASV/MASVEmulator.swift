package import ScopedAuth

/// The emulated MASV API (`api.massive.app`), answering the endpoints of SERVICES.md section 1 as section 7
/// decides them.
///
/// Create one per test; it comes with a seeded team, user, API key, portal and cloud connection, and owns its
/// presigned storage origin, ``storage``, which shares its account:
///
/// ```swift
/// let masv = MASVEmulator(configuration: MASVConfiguration(minChunkSize: 1024, maxChunkSize: 64 * 1024))
/// // route requests for origins.masv to `masv` and for origins.masvStorage to `masv.storage`
/// let apiKey = masv.seededAPIKey
/// ```
///
/// Errors are `{"message": "..."}`: 400 for malformed input, 401 for a missing, unknown, expired or revoked
/// credential, 403 for a valid credential used outside its rights, 404 for unknown records and 409 for
/// operations the record's state no longer allows (such as adding a file to a finalized package).
public final class MASVEmulator: EmulatedService, Sendable {
    let model: MASVModel

    /// The presigned storage origin that shares this account: it stores chunks and serves downloads.
    public let storage: MASVStorageEmulator

    /// Creates an account with its seeded records.
    ///
    /// - Parameter configuration: Chunk limits and lifetimes; defaults to MASV's documented values.
    public init(configuration: MASVConfiguration = MASVConfiguration()) {
        let model = MASVModel(configuration: configuration)
        self.model = model
        storage = MASVStorageEmulator(model: model)
    }

    /// The account's limits and lifetimes.
    public var configuration: MASVConfiguration { model.configuration }

    /// ``EmulatedServiceID/masv``.
    public var id: EmulatedServiceID { .masv }

    /// Answers one API request; a 401 is also counted in `context.counters`.
    package func respond(to request: EmulatorRequest, context: EmulatorContext) -> HTTPResponse {
        let configuration = model.configuration
        let response = model.state.withLock { state -> HTTPResponse in
            var pathMatched = false
            for route in MASVRoute.api {
                guard let captures = route.captures(request.pathComponents) else { continue }
                pathMatched = true
                guard route.method == request.method else { continue }
                let call = MASVCall(request: request, context: context, configuration: configuration, captures: captures)
                do throws(MASVFailure) {
                    return try route.handle(&state, call)
                } catch {
                    return error.response
                }
            }
            return pathMatched
                ? MASVFailure(status: 405, message: "\(request.method) is not allowed on \(request.path)").response
                : MASVFailure.notFound("no endpoint \(request.method) \(request.path)").response
        }
        if response.status == 401 { context.counters.recordUnauthorized(.masv) }
        return response
    }
}
