import Foundation
import ScopedAuth

extension MassdriverClient: CustomReflectable {
    /// The endpoint and the credential's type; never the credential or a pipeline holding it.
    public var customMirror: Mirror {
        Mirror(
            self, children: ["endpoint": endpoint.absoluteString, "credential": "\(Credential.self)"],
            displayStyle: .struct)
    }
}
