import ScopedAuth

/// The `cursor: Cursor` argument of a paged query: `{limit, next}`.
struct PageCursor: Encodable, Sendable {
    var limit: Int
    var next: String?

    /// The accepted page sizes (`input Cursor { limit }`).
    static let pageSizes = 1...100

    /// Throws before any request when `pageSize` is outside ``pageSizes``.
    static func validate(pageSize: Int) throws(AuthError) {
        guard pageSizes.contains(pageSize) else {
            throw AuthError(.invalidRequest, service: MassdriverClientService.name,
                            detail: "pageSize must be between 1 and 100, not \(pageSize)")
        }
    }
}

/// A page as the API answers it: `{items, cursor {next}}`.
struct PageBody<Item: Decodable & Sendable>: Decodable {
    struct Cursor: Decodable {
        var next: String?
    }

    var items: [Item]
    var cursor: Cursor?

    var page: MassdriverPages<Item>.Page {
        .init(items: items, next: cursor?.next)
    }
}
