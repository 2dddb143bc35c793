import Foundation
import ScopedAuth

// Reflection of the client and its project handles shows identifiers only, never the pipeline or the session.

extension MetaKraftwerkClient: CustomReflectable {
    /// The ``description``; never the password, the session or the pipeline.
    public var customMirror: Mirror { Mirror(self, children: ["client": description], displayStyle: .struct) }
}

extension ProjectHandle: CustomReflectable {
    /// The project's id and name; never the pipeline.
    public var customMirror: Mirror { Mirror(self, children: ["id": id, "name": name], displayStyle: .struct) }
}
