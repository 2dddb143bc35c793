import ScopedAuthSpacelift
import Testing

@Test func moduleNamesItsService() {
    #expect(ScopedAuthSpaceliftModule.serviceName == "Spacelift")
}
