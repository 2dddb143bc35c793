// expect-error: value of type 'StaticToken' has no member 'shutdown'
// A static token is not a session: it has no refresh machinery to start or stop.
import ScopedAuth

func stop(_ token: StaticToken) async {
    await token.shutdown()
}
