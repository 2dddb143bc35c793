// expect-error: value of type 'StaticToken' has no member 'shutdown'
// A Spacelift client on a static bearer token never re-exchanges, so its token source is no session: there is no
// session to observe or stop (the client's own `events(bufferSize:)` is an empty stream and its `shutdown()` only
// refuses later calls, the same surface as every client).
import Foundation
import ScopedAuth
import ScopedAuthSpacelift

func stop(_ client: SpaceliftClient<StaticToken>) async {
    await client.tokenSource.shutdown()
}
