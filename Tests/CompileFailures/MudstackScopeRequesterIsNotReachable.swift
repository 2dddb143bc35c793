// expect-error: 'requester' is inaccessible due to 'internal' protection level
// Mudstack: an extension of the account scope cannot reach the requester that stamps the scoping headers, so it
// cannot send a workspace call without choosing a workspace.
import ScopedAuthMudstack

extension MudstackAccountScope {
    func sneak() -> Any {
        requester
    }
}
