// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ScopedAuth",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "ScopedAuth", targets: ["ScopedAuth"]),
        .library(name: "ScopedAuthTesting", targets: ["ScopedAuthTesting"]),
        .library(name: "ScopedAuthMASV", targets: ["ScopedAuthMASV"]),
        .library(name: "ScopedAuthSpacelift", targets: ["ScopedAuthSpacelift"]),
        .library(name: "ScopedAuthMassdriver", targets: ["ScopedAuthMassdriver"]),
        .library(name: "ScopedAuthMudstack", targets: ["ScopedAuthMudstack"]),
        .library(name: "ScopedAuthMetaKraftwerk", targets: ["ScopedAuthMetaKraftwerk"]),
    ],
    targets: [
        .target(name: "ScopedAuth"),
        .target(name: "ScopedAuthTesting", dependencies: ["ScopedAuth"]),
        .target(name: "ScopedAuthMASV", dependencies: ["ScopedAuth"]),
        .target(name: "ScopedAuthSpacelift", dependencies: ["ScopedAuth"]),
        .target(name: "ScopedAuthMassdriver", dependencies: ["ScopedAuth"]),
        .target(name: "ScopedAuthMudstack", dependencies: ["ScopedAuth"]),
        .target(name: "ScopedAuthMetaKraftwerk", dependencies: ["ScopedAuth"]),
        .executableTarget(
            name: "scopedauth-demo",
            dependencies: [
                "ScopedAuth", "ScopedAuthTesting", "ScopedAuthMASV", "ScopedAuthSpacelift", "ScopedAuthMassdriver",
                "ScopedAuthMudstack", "ScopedAuthMetaKraftwerk",
            ]
        ),
        .testTarget(name: "ScopedAuthTests", dependencies: ["ScopedAuth", "ScopedAuthTesting"]),
        .testTarget(name: "ScopedAuthTestingTests", dependencies: ["ScopedAuth", "ScopedAuthTesting"]),
        .testTarget(name: "ScopedAuthMASVTests", dependencies: ["ScopedAuthMASV", "ScopedAuth", "ScopedAuthTesting"]),
        .testTarget(name: "ScopedAuthSpaceliftTests", dependencies: ["ScopedAuthSpacelift", "ScopedAuth", "ScopedAuthTesting"]),
        .testTarget(name: "ScopedAuthMassdriverTests", dependencies: ["ScopedAuthMassdriver", "ScopedAuth", "ScopedAuthTesting"]),
        .testTarget(name: "ScopedAuthMudstackTests", dependencies: ["ScopedAuthMudstack", "ScopedAuth", "ScopedAuthTesting"]),
        .testTarget(name: "ScopedAuthMetaKraftwerkTests", dependencies: ["ScopedAuthMetaKraftwerk", "ScopedAuth", "ScopedAuthTesting"]),
        .testTarget(name: "ScopedAuthChaosTests", dependencies: ["ScopedAuthMASV", "ScopedAuthSpacelift", "ScopedAuthMassdriver", "ScopedAuthMudstack", "ScopedAuthMetaKraftwerk", "ScopedAuth", "ScopedAuthTesting"]),
        .testTarget(name: "ScopedAuthDemoTests", dependencies: ["scopedauth-demo"]),
        .testTarget(name: "ScopedAuthSecurityTests", dependencies: ["ScopedAuth", "ScopedAuthTesting", "ScopedAuthMASV", "ScopedAuthSpacelift", "ScopedAuthMassdriver", "ScopedAuthMudstack", "ScopedAuthMetaKraftwerk"]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(contentsOf: [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ])
    target.swiftSettings = settings
}
