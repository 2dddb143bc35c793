// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ScopedAuth",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "ScopedAuth", targets: ["ScopedAuth"]),
        .library(name: "ScopedAuthTesting", targets: ["ScopedAuthTesting"]),
    ],
    targets: [
        .target(name: "ScopedAuth"),
        .target(name: "ScopedAuthTesting", dependencies: ["ScopedAuth"]),
        .testTarget(name: "ScopedAuthTests", dependencies: ["ScopedAuth", "ScopedAuthTesting"]),
        .testTarget(name: "ScopedAuthTestingTests", dependencies: ["ScopedAuth", "ScopedAuthTesting"]),
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
