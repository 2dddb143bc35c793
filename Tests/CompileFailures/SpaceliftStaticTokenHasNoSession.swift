// expect-error: referencing instance method 'events(bufferSize:)' on 'SpaceliftClient' requires the types 'StaticToken' and 'TokenSession' be equivalent
// A Spacelift client on a static bearer token never re-exchanges, so it has no session whose refreshes could be observed.
import Foundation
import ScopedAuth
import ScopedAuthSpacelift

func observe(_ client: SpaceliftClient<StaticToken>) {
    _ = client.events()
}
