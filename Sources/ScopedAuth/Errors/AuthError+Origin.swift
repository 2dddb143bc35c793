extension AuthError {
    /// The same error naming `origin` as the one it is about (a redirect target, another origin that answered).
    package func about(_ origin: HTTPOrigin?) -> AuthError {
        var error = self
        error.origin = origin?.description
        return error
    }
}
