import ScopedAuth

// Reflection of the client and its scopes shows identifiers only, never the pipeline that holds the session.

extension MudstackClient: CustomReflectable {
    /// The ``description``; never the key's secret, the session or the pipeline.
    public var customMirror: Mirror { Mirror(self, children: ["client": description], displayStyle: .class) }
}

extension MudstackAccountScope: CustomReflectable {
    /// The account id.
    public var customMirror: Mirror { Mirror(self, children: ["accountID": accountID], displayStyle: .struct) }
}

extension MudstackWorkspaceScope: CustomReflectable {
    /// The account and workspace ids.
    public var customMirror: Mirror {
        Mirror(self, children: ["accountID": accountID, "workspaceID": workspaceID], displayStyle: .struct)
    }
}
