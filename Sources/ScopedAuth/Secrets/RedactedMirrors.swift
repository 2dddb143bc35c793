// Reflection of the pipeline types: `Mirror` shows what a value is, never a token, a credential or a token source
// that could be asked for one. A handle or client that keeps an `HTTPClient` therefore exposes nothing through it.

extension HTTPClient: CustomReflectable {
    /// The service and the middleware's type names; never a middleware's token source or the transport.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["service": service as Any, "middlewares": middlewares.map { "\(type(of: $0))" }],
            displayStyle: .struct)
    }
}

extension AuthMiddleware: CustomReflectable {
    /// The origin only; never the token source.
    public var customMirror: Mirror { Mirror(self, children: ["origin": origin], displayStyle: .struct) }
}

extension StaticToken: CustomReflectable {
    /// The ``description`` (expiry, no value); never the token or its stamping closure.
    public var customMirror: Mirror { Mirror(self, children: ["token": description], displayStyle: .struct) }
}

extension TokenSession: CustomReflectable {
    /// Nothing but the type: never the exchange (which holds the credential) or the current token.
    public nonisolated var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
