import ScopedAuth

/// The items of a cursor-paged list, fetched one page at a time as iteration reaches them.
///
/// Nothing is requested until the first call to `next()`; each later page is requested only when the items of
/// the previous one are used up, and iteration ends after the page whose `cursor.next` is `null`. Breaking out
/// of a loop early therefore costs no further requests. A failed page fetch throws from `next()`; calling
/// `next()` again retries that page.
///
/// ```swift
/// for try await project in client.projects(organizationID: "acme", pageSize: 50) {
///     logger.info("\(project.name)")
/// }
/// let firstTen = try await Array(client.projects(organizationID: "acme").prefix(10))
/// ```
public struct MassdriverPages<Element: Sendable>: AsyncSequence, Sendable {
    /// The failure type of iteration.
    public typealias Failure = any Error

    /// One fetched page: its items and the cursor of the next page (`nil` on the last one).
    struct Page: Sendable {
        var items: [Element]
        var next: String?
    }

    private let fetch: @Sendable (_ cursor: String?) async throws -> Page

    init(fetch: @escaping @Sendable (_ cursor: String?) async throws -> Page) {
        self.fetch = fetch
    }

    /// Creates an iterator; it fetches the first page on its first `next()`.
    ///
    /// - Returns: A new iterator starting at the first page.
    public func makeAsyncIterator() -> Iterator {
        Iterator(fetch: fetch)
    }

    /// Walks the pages lazily.
    public struct Iterator: AsyncIteratorProtocol {
        private let fetch: @Sendable (_ cursor: String?) async throws -> Page
        private var buffer: [Element] = []
        private var index = 0
        private var cursor: String?
        private var isExhausted = false

        init(fetch: @escaping @Sendable (_ cursor: String?) async throws -> Page) {
            self.fetch = fetch
        }

        /// The next item, fetching the next page when the current one is used up.
        ///
        /// - Returns: The next item, or `nil` after the last page.
        /// - Throws: What the page fetch throws (see the operation that made the sequence), or
        ///   `AuthError.Kind.malformedResponse` when the service hands back the same cursor again.
        public mutating func next() async throws -> Element? {
            while index >= buffer.count {
                guard !isExhausted else { return nil }
                let page = try await fetch(cursor)
                if let next = page.next, next == cursor {
                    isExhausted = true
                    throw AuthError(.malformedResponse, service: MassdriverClientService.name,
                                    detail: "the service returned the same page cursor twice")
                }
                buffer = page.items
                index = 0
                cursor = page.next
                isExhausted = page.next == nil
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}
