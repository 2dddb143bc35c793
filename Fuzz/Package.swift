// swift-tools-version: 6.1
// libFuzzer targets for ScopedAuth. Separate from the root package so its build is unaffected; build and run with
// ../scripts/fuzz.sh (see README.md here).
//
// - FuzzJWT: the JWT claim reader, on the fuzzer's bytes.
// - FuzzDecode<Service>: each service's response decoders, called directly on a status, headers and body built
//   from the fuzzer's bytes, through the service module's `@_spi(Fuzzing)` seam: no emulator, no task, no client.
// - Fuzz<Service>: whole client flows against a fresh emulator per input, one answer replaced by the fuzzer's.
import PackageDescription


let package = Package(
    name: "ScopedAuthFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ScopedAuth", path: "../")],
    targets: [
        // Declares libFuzzer's driver: SwiftPM renames a debug executable's `main` to `<Target>_main`, so each
        // target defines that symbol and hands control to libFuzzer (see FuzzSupport's `runLibFuzzer`).
        .target(name: "CLibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: [
                "CLibFuzzer",
                .product(name: "ScopedAuth", package: "ScopedAuth"),
                .product(name: "ScopedAuthTesting", package: "ScopedAuth"),
            ]
        ),
        .executableTarget(name: "FuzzJWT", dependencies: ["FuzzSupport"]),
        .executableTarget(
            name: "FuzzDecodeMASV", dependencies: ["FuzzSupport", .product(name: "ScopedAuthMASV", package: "ScopedAuth")]),
        .executableTarget(
            name: "FuzzDecodeSpacelift",
            dependencies: ["FuzzSupport", .product(name: "ScopedAuthSpacelift", package: "ScopedAuth")]),
        .executableTarget(
            name: "FuzzDecodeMassdriver",
            dependencies: ["FuzzSupport", .product(name: "ScopedAuthMassdriver", package: "ScopedAuth")]),
        .executableTarget(
            name: "FuzzDecodeMudstack",
            dependencies: ["FuzzSupport", .product(name: "ScopedAuthMudstack", package: "ScopedAuth")]),
        .executableTarget(
            name: "FuzzDecodeMetaKraftwerk",
            dependencies: ["FuzzSupport", .product(name: "ScopedAuthMetaKraftwerk", package: "ScopedAuth")]),
        .executableTarget(name: "FuzzMASV", dependencies: ["FuzzSupport", .product(name: "ScopedAuthMASV", package: "ScopedAuth")]),
        .executableTarget(
            name: "FuzzSpacelift", dependencies: ["FuzzSupport", .product(name: "ScopedAuthSpacelift", package: "ScopedAuth")]),
        .executableTarget(
            name: "FuzzMassdriver", dependencies: ["FuzzSupport", .product(name: "ScopedAuthMassdriver", package: "ScopedAuth")]),
        .executableTarget(
            name: "FuzzMudstack", dependencies: ["FuzzSupport", .product(name: "ScopedAuthMudstack", package: "ScopedAuth")]),
        .executableTarget(
            name: "FuzzMetaKraftwerk",
            dependencies: ["FuzzSupport", .product(name: "ScopedAuthMetaKraftwerk", package: "ScopedAuth")]),
    ],
    swiftLanguageModes: [.v6]
)
