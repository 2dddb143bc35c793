import ScopedAuthMudstack
import Testing

@Test func moduleNamesItsService() {
    #expect(ScopedAuthMudstackModule.serviceName == "Mudstack")
}
