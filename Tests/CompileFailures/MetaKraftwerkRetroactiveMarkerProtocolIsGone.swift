// expect-error: cannot find type 'WritesBuilds' in scope
// MetaKraftwerk: the one-line widening of issue 16 (ViewerRole conformed to a write-builds marker) has nothing
// left to conform to: permissions are associated types of ProjectRole.
import ScopedAuthMetaKraftwerk

extension ViewerRole: @retroactive WritesBuilds {}
