import ScopedAuthMassdriver
import Testing

@Test func moduleNamesItsService() {
    #expect(ScopedAuthMassdriverModule.serviceName == "Massdriver")
}
