// swift-tools-version: 6.1
// Records the emulator's answers as seeds of the decoder fuzz targets (see make-seeds.sh). Not a fuzz target and
// not built by scripts/fuzz.sh: it links without libFuzzer, so it is a package of its own.
import PackageDescription

let package = Package(
    name: "ScopedAuthFuzzSeeds",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ScopedAuth", path: "../../")],
    targets: [
        .executableTarget(
            name: "FuzzSeedRecorder",
            dependencies: [
                .product(name: "ScopedAuth", package: "ScopedAuth"),
                .product(name: "ScopedAuthTesting", package: "ScopedAuth"),
                .product(name: "ScopedAuthMASV", package: "ScopedAuth"),
                .product(name: "ScopedAuthSpacelift", package: "ScopedAuth"),
                .product(name: "ScopedAuthMassdriver", package: "ScopedAuth"),
                .product(name: "ScopedAuthMudstack", package: "ScopedAuth"),
                .product(name: "ScopedAuthMetaKraftwerk", package: "ScopedAuth"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
