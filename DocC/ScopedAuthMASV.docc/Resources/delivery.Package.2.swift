// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Deliver",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/scopedauth/scopedauth", from: "0.1.0"),
    ],
    targets: [
        .target(name: "DeliveryKit", dependencies: [
            .product(name: "ScopedAuthMASV", package: "scopedauth"),
        ]),
        .executableTarget(name: "deliver", dependencies: ["DeliveryKit"]),
        .testTarget(name: "DeliveryKitTests", dependencies: [
            "DeliveryKit",
            .product(name: "ScopedAuthTesting", package: "scopedauth"),
        ]),
    ]
)
