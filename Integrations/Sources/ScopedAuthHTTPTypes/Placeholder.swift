import ScopedAuth
