// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Deliver",
    targets: [
        .executableTarget(name: "Deliver"),
    ]
)
