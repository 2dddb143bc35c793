// expect-error: 'value' is inaccessible due to 'private' protection level
// A secret's content is read only through `revealed` or `withRevealedValue`, never a stored property.
import ScopedAuth

func leak(_ secret: Secret) -> String {
    secret.value
}
