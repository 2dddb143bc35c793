import Foundation
import ScopedAuth

// Reflection of everything MASV hands out shows identifiers only: no credential, no token, no pipeline whose
// middleware could hand out a token source.

extension MASVClient: CustomReflectable {
    /// The API's base URL; never the credential, the session or a pipeline.
    public var customMirror: Mirror {
        Mirror(self, children: ["baseURL": connection.baseURL.absoluteString], displayStyle: .struct)
    }
}

extension MASVPackages: CustomReflectable {
    /// Nothing: the user pipeline stays hidden.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension MASVPortals: CustomReflectable {
    /// Nothing: the connection stays hidden.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension MASVLinks: CustomReflectable {
    /// Nothing: the connection stays hidden.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension PackageUpload: CustomReflectable {
    /// Nothing: the running task holds the package handle, whose token stays hidden.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension MASVCredential: CustomReflectable {
    /// The ``description``; never the password or key.
    public var customMirror: Mirror { Mirror(self, children: ["credential": description], displayStyle: .struct) }
}

extension SingleUseCredentials: CustomReflectable {
    /// The provider and field names; never the values.
    public var customMirror: Mirror {
        Mirror(self, children: ["provider": provider, "fields": authorization.keys.sorted()], displayStyle: .struct)
    }
}
