// swift-tools-version: 6.1
import PackageDescription

// The root package is a path dependency, so its identity is the name of the folder it was cloned into.
let rootPackage = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "ScopedAuth"

// One package, one product per integration: each product's target depends only on the library it bridges, and
// SwiftPM builds only the products an application depends on, so `ScopedAuthLogging` never compiles SwiftNIO.
let package = Package(
    name: "ScopedAuthIntegrations",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "ScopedAuthAsyncHTTPClient", targets: ["ScopedAuthAsyncHTTPClient"]),
        .library(name: "ScopedAuthLogging", targets: ["ScopedAuthLogging"]),
        .library(name: "ScopedAuthMetrics", targets: ["ScopedAuthMetrics"]),
        .library(name: "ScopedAuthTracing", targets: ["ScopedAuthTracing"]),
        .library(name: "ScopedAuthServiceLifecycle", targets: ["ScopedAuthServiceLifecycle"]),
        .library(name: "ScopedAuthConfiguration", targets: ["ScopedAuthConfiguration"]),
        .library(name: "ScopedAuthOpenAPI", targets: ["ScopedAuthOpenAPI"]),
        .library(name: "ScopedAuthHTTPTypes", targets: ["ScopedAuthHTTPTypes"]),
        .library(name: "ScopedAuthPostgres", targets: ["ScopedAuthPostgres"]),
    ],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: []),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(
            name: "ScopedAuthAsyncHTTPClient",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "ScopedAuthLogging",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ScopedAuthMetrics",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "ScopedAuthTracing",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "ScopedAuthServiceLifecycle",
            dependencies: [
                "ScopedAuthLogging",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthMASV", package: rootPackage),
                .product(name: "ScopedAuthSpacelift", package: rootPackage),
                .product(name: "ScopedAuthMassdriver", package: rootPackage),
                .product(name: "ScopedAuthMudstack", package: rootPackage),
                .product(name: "ScopedAuthMetaKraftwerk", package: rootPackage),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ScopedAuthConfiguration",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthMASV", package: rootPackage),
                .product(name: "ScopedAuthSpacelift", package: rootPackage),
                .product(name: "ScopedAuthMassdriver", package: rootPackage),
                .product(name: "ScopedAuthMudstack", package: rootPackage),
                .product(name: "ScopedAuthMetaKraftwerk", package: rootPackage),
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        .target(
            name: "ScopedAuthOpenAPI",
            dependencies: [
                "ScopedAuthHTTPTypes",
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .target(
            name: "ScopedAuthHTTPTypes",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .target(
            name: "ScopedAuthPostgres",
            dependencies: [
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A fleet member for the fleet tests and the FleetStorm benchmark: one OS process of a fleet that shares a
        // token through PostgreSQL (or, with --no-store, exchanges on its own). Not a product.
        .executableTarget(
            name: "scopedauth-fleet-member",
            dependencies: [
                "ScopedAuthPostgres", "ScopedAuthAsyncHTTPClient",
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthSpacelift", package: rootPackage),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A client generated by swift-openapi-generator 1.14.3 from a tiny spec; the generated code is committed
        // (Sources/MudstackOpenAPIExample/README.md says how to regenerate it), so no build runs the generator.
        .target(
            name: "MudstackOpenAPIExample",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            exclude: ["openapi.yaml", "openapi-generator-config.yaml", "README.md"]
        ),
        .testTarget(
            name: "ScopedAuthIntegrationsTests",
            dependencies: [
                "ScopedAuthAsyncHTTPClient", "ScopedAuthLogging", "ScopedAuthMetrics", "ScopedAuthTracing",
                "ScopedAuthServiceLifecycle", "ScopedAuthConfiguration", "ScopedAuthOpenAPI", "ScopedAuthHTTPTypes",
                "MudstackOpenAPIExample", "ScopedAuthPostgres", "scopedauth-fleet-member",
                .product(name: "ScopedAuth", package: rootPackage),
                .product(name: "ScopedAuthTesting", package: rootPackage),
                .product(name: "ScopedAuthMASV", package: rootPackage),
                .product(name: "ScopedAuthSpacelift", package: rootPackage),
                .product(name: "ScopedAuthMassdriver", package: rootPackage),
                .product(name: "ScopedAuthMudstack", package: rootPackage),
                .product(name: "ScopedAuthMetaKraftwerk", package: rootPackage),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
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
