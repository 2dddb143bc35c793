// swift-tools-version: 6.1
// libFuzzer targets for ScopedAuth: the JWT claim reader and every response decoder of the five services.
// Separate from the root package so its build is unaffected. Build and run with ../scripts/fuzz.sh.
import PackageDescription

let targets = ["FuzzJWT", "FuzzMASV", "FuzzSpacelift", "FuzzMassdriver", "FuzzMudstack", "FuzzMetaKraftwerk"]

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
