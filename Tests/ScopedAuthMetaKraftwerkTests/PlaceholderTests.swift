import ScopedAuthMetaKraftwerk
import Testing

@Test func moduleNamesItsService() {
    #expect(ScopedAuthMetaKraftwerkModule.serviceName == "MetaKraftwerk")
}
