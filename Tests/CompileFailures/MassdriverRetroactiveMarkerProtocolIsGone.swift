// expect-error: cannot find type 'MassdriverV1Credential' in scope
// Massdriver: the one-line widening of issue 16 has nothing left to conform to: endpoints are associated types.
import ScopedAuthMassdriver

extension MassdriverAccessToken: @retroactive MassdriverV1Credential {}
