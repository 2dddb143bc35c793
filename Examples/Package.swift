// swift-tools-version: 6.1
import PackageDescription

// The root package is a path dependency, so its identity is the name of the folder it was cloned into.
let rootPackage = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "ScopedAuth"

let package = Package(
    name: "ScopedAuthExamples",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "EmulatorServer", targets: ["EmulatorServer"]),
        .executable(name: "scopedauth-emulator", targets: ["scopedauth-emulator"]),
        .library(name: "ExampleApp", targets: ["ExampleApp"]),
        .executable(name: "scopedauth-example-app", targets: ["scopedauth-example-app"]),
        .executable(name: "scopedauth", targets: ["scopedauth"]),
    ],
    dependencies: [
        .package(path: "../"),
        // The app uses the integrations instead of hand-written lifecycle and logging glue; only the two light
        // products it names are built (swift-log and swift-service-lifecycle are already in this graph).
        .package(path: "../Integrations"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        // Already in Hummingbird's graph; named because the emulator server imports them directly.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "EmulatorServer",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthTesting", package: rootPackage),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "scopedauth-emulator",
            dependencies: [
                "EmulatorServer",
                .product(name: "ScopedAuthTesting", package: rootPackage),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ExampleApp",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthMASV", package: rootPackage),
                .product(name: "ScopedAuthSpacelift", package: rootPackage),
                .product(name: "ScopedAuthServiceLifecycle", package: "Integrations"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "scopedauth-example-app",
            dependencies: [
                "ExampleApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ScopedAuthCLI",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthMASV", package: rootPackage),
                .product(name: "ScopedAuthMassdriver", package: rootPackage),
                .product(name: "ScopedAuthMetaKraftwerk", package: rootPackage),
                .product(name: "ScopedAuthMudstack", package: rootPackage),
                .product(name: "ScopedAuthSpacelift", package: rootPackage),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "scopedauth",
            dependencies: ["ScopedAuthCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "EmulatorServer",
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthMASV", package: rootPackage),
                .product(name: "ScopedAuthTesting", package: rootPackage),
            ]
        ),
        .testTarget(
            name: "ExampleAppTests",
            dependencies: [
                "ExampleApp",
                "EmulatorServer",
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthSpacelift", package: rootPackage),
                .product(name: "ScopedAuthTesting", package: rootPackage),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "EmulatorServer",
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthMASV", package: rootPackage),
                .product(name: "ScopedAuthMassdriver", package: rootPackage),
                .product(name: "ScopedAuthMetaKraftwerk", package: rootPackage),
                .product(name: "ScopedAuthMudstack", package: rootPackage),
                .product(name: "ScopedAuthSpacelift", package: rootPackage),
                .product(name: "ScopedAuthTesting", package: rootPackage),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
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
