import Foundation
import ScopedAuth

extension PackageHandle: CustomReflectable {
    /// The package id; never the token, the connection or a client that holds the token.
    public var customMirror: Mirror {
        Mirror(self, children: ["id": id, "token": "<redacted>"], displayStyle: .struct)
    }
}
