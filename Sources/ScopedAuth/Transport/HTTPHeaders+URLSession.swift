import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension HTTPHeaders {
    /// The header fields of `response`, as `URLSession` parsed them.
    ///
    /// On every response of ``URLSessionTransport``: each name and value is read with one cast to `String` (what
    /// `URLSession` stores), formatting only a value of another type, so that a response's fields cost no
    /// `String(describing:)` and no lowercased copies.
    init(response: HTTPURLResponse) {
        self.init()
        for (name, value) in response.allHeaderFields {
            guard let name = name.base as? String else { continue }
            add(name: name, value: value as? String ?? "\(value)")
        }
    }
}
