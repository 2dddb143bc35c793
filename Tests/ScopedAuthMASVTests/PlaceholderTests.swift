import ScopedAuthMASV
import Testing

@Test func moduleNamesItsService() {
    #expect(ScopedAuthMASVModule.serviceName == "MASV")
}
